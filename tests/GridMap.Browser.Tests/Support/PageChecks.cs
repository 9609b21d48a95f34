namespace GridMap.Browser.Tests.Support;

/// <summary>What the tests read off a page.</summary>
static class PageChecks
{
    /// <summary>Text as a reader sees it: each run of white space one space.</summary>
    public static string Text(string s) => Regex.Replace(s, @"\s+", " ").Trim();

    /// <summary>
    /// From now on, what goes wrong on the page: console errors, uncaught exceptions, answers of 400
    /// or more and, unless <paramref name="failedRequests"/> is false, requests that fail. A test that
    /// leaves a page by a link passes false, as the browser aborts what that page still had in flight.
    /// </summary>
    public static List<string> Errors(IPage page, bool failedRequests = true)
    {
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);
        if (failedRequests) page.RequestFailed += (_, request) => errors.Add($"{request.Url}: {request.Failure}");
        page.Response += (_, response) => { if (response.Status >= 400) errors.Add($"{response.Url}: {response.Status}"); };
        return errors;
    }
}
