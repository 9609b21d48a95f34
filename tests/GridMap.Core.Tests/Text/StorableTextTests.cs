using GridMap.Core.Text;

namespace GridMap.Core.Tests.Text;

public class StorableTextTests
{
    [Theory]
    [InlineData("abc", 5, "abc")]
    [InlineData("abcdef", 3, "abc")]
    [InlineData("ab😀c", 3, "ab😀")]          // an emoji is one character, as PostgreSQL counts
    [InlineData("ab😀c", 2, "ab")]           // and a surrogate pair is never split
    [InlineData("e\u0301e\u0301", 3, "e\u0301")] // nor a letter from its accent
    [InlineData("👍🏽x", 1, "")]             // nor an emoji from its skin tone
    [InlineData("网格长", 2, "网格")]
    public void Cut_keeps_whole_characters_within_the_length(string value, int maxLength, string cut)
    {
        Assert.Equal(cut, StorableText.Cut(value, maxLength));
        Assert.True(StorableText.Length(StorableText.Cut(value, maxLength)) <= maxLength);
    }

    [Theory]
    [InlineData("楼道堆放杂物\t第3单元\r\n请尽快处理 😀", null)]
    [InlineData("a\u0001b", "description contains the control character U+0001; text may hold no control characters but tab and line breaks")]
    [InlineData("a\0b", "description contains the control character U+0000; text may hold no control characters but tab and line breaks")]
    [InlineData("a\u009Bb", "description contains the control character U+009B; text may hold no control characters but tab and line breaks")]
    public void Problem_names_the_field_and_the_character(string text, string? problem) =>
        Assert.Equal(problem, StorableText.Problem("description", text));

    // Built here: xunit cannot carry a lone surrogate in InlineData.
    [Theory]
    [InlineData(0xD83D, "a", "b")]
    [InlineData(0xDE00, "", "")]
    [InlineData(0xDE00, "😀", "")]
    public void Half_of_a_surrogate_pair_is_refused(int half, string before, string after) =>
        Assert.Equal($"description holds half of a surrogate pair (U+{half:X4}), which is no character",
            StorableText.Problem("description", before + (char)half + after));
}
