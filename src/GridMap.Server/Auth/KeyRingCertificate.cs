using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace GridMap.Server.Auth;

/// <summary>
/// The certificate that encrypts the token-signing key ring where it is stored, in the database
/// (<see cref="DbKeyRepository"/>): reading the database alone then yields no key that can sign
/// a token. It lives in the server's <see cref="StateFolder"/> as <see cref="FileName"/>, readable
/// by the service's user only, and is made (self-signed) on the first start. Every server
/// instance on one database needs a copy of the same file.
/// </summary>
public static class KeyRingCertificate
{
    public const string FileName = "token-keys.pfx";

    const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static X509Certificate2 LoadOrCreate(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) Create(folder, path);
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & ~OwnerOnly) != 0)
            throw new InvalidOperationException(
                $"{path} may be read by other users (mode {Convert.ToString((int)File.GetUnixFileMode(path), 8)}). " +
                "Whoever read it can sign in as anyone: make a new one (delete it; everyone then signs in again), or chmod 600 it if nobody could have.");
        return X509CertificateLoader.LoadPkcs12FromFile(path, password: null, X509KeyStorageFlags.EphemeralKeySet);
    }

    static void Create(string folder, string path)
    {
        StateFolder.Ensure(folder);
        using var rsa = RSA.Create(3072);
        var request = new CertificateRequest("CN=GridMap token-signing keys", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = DateTimeOffset.UtcNow;
        // Nothing checks its dates: it only wraps keys, which expire on their own (90 days).
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(100));
        var written = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerOnly;
        using (var file = new FileStream(written, options))
        {
            file.Write(certificate.Export(X509ContentType.Pkcs12));
            file.Flush(flushToDisk: true);
        }
        try
        {
            File.Move(written, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another instance sharing the folder made it first: use theirs.
            File.Delete(written);
        }
    }
}
