using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace GridMap.Server.Auth;

/// <summary>
/// Keeps the data-protection keys (which sign tokens) in the database, so every server
/// instance on it accepts every instance's tokens, and restarts do not sign everyone out.
/// The keys arrive here encrypted with the <see cref="KeyRingCertificate"/>.
/// </summary>
sealed class DbKeyRepository(NpgsqlDataSource db) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var cmd = db.CreateCommand("SELECT xml FROM data_protection_keys ORDER BY name");
        using var reader = cmd.ExecuteReader();
        var keys = new List<XElement>();
        while (reader.Read()) keys.Add(XElement.Parse(reader.GetString(0)));
        return keys;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var cmd = db.Command("INSERT INTO data_protection_keys (name, xml) VALUES (@name, @xml) ON CONFLICT (name) DO NOTHING",
            ("name", friendlyName), ("xml", element.ToString(SaveOptions.DisableFormatting)));
        cmd.ExecuteNonQuery();
    }
}
