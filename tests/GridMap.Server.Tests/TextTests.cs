using GridMap.Server.Input;

namespace GridMap.Tests;

public class TextTests
{
    [Theory]
    [InlineData("abc", 5, "abc")]
    [InlineData("abcdef", 3, "abc")]
    [InlineData("ab😀", 3, "ab")]           // a surrogate pair is not split
    [InlineData("ab😀", 4, "ab😀")]
    [InlineData("e\u0301e\u0301", 3, "e\u0301")] // nor a letter from its accent
    [InlineData("👍🏽x", 3, "")]             // nor an emoji from its skin tone
    [InlineData("网格长", 2, "网格")]
    public void Cut_keeps_whole_characters_within_the_length(string value, int maxLength, string cut)
    {
        Assert.Equal(cut, Text.Cut(value, maxLength));
        Assert.True(Text.Cut(value, maxLength).Length <= maxLength);
    }
}
