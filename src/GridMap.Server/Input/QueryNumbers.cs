namespace GridMap.Server.Input;

/// <summary>
/// A number in a query string, read strictly: digits, a point, an exponent. The framework's own
/// binding also takes thousands separators, so that "1,5" became 15.
/// </summary>
public static class QueryNumbers
{
    public static bool TryParse(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
