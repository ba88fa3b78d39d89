using System.Text;
using System.Xml.Linq;
using RelayNovel.Web.Api.Epub;

namespace RelayNovel.Tests.Api.Epub;

/// <summary>What a reader sees in the book the writer makes: the contents, the pages, the text as written.</summary>
public sealed class EpubWriterTests
{
    private static readonly XNamespace XmlNs = XNamespace.Xml;

    [Fact]
    public void Write_AnyBook_StartsWithTheMimetypeStoredUncompressed()
    {
        var bytes = EpubWriter.Write(EpubSamples.Book(null, [EpubSamples.Chapter(null, "첫 문장.")]));

        // OCF: the first local file header is "mimetype", method 0 (stored), no extra field, then the media type itself.
        Assert.Equal("PK\u0003\u0004", Encoding.ASCII.GetString(bytes, 0, 4));
        Assert.Equal(0, BitConverter.ToUInt16(bytes, 8));
        Assert.Equal(8, BitConverter.ToUInt16(bytes, 26));
        Assert.Equal(0, BitConverter.ToUInt16(bytes, 28));
        Assert.Equal("mimetypeapplication/epub+zip", Encoding.ASCII.GetString(bytes, 30, 28));
    }

    [Fact]
    public void Write_SeveralChapters_ContentsNameEachChapterByItsTitleOrNumber()
    {
        var book = EpubSamples.Book("눈 내리는 역",
            [EpubSamples.Chapter("1장 만남", "기차가 멈췄다."), EpubSamples.Chapter(null, "눈이 내렸다."), EpubSamples.Chapter("끝", "문이 닫혔다.")]);

        using var epub = new EpubArchive(EpubWriter.Write(book));

        Assert.Equal(["머리말", "1장 만남", "제2장", "끝", "만든 이"], epub.Nav.Select(n => n.Label));
        Assert.Equal(epub.Spine, epub.Nav.Select(n => n.Href));
        Assert.Equal(["기차가 멈췄다.", "눈이 내렸다.", "문이 닫혔다."], epub.Paragraphs(epub.Spine.Where(h => h.StartsWith("chapter", StringComparison.Ordinal))));
        Assert.Equal("제2장", epub.Xml("OEBPS/" + epub.Nav[2].Href).Descendants(EpubArchive.Xhtml + "h1").Single().Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \n\u0000 ")]
    public void Write_NoPremise_HasNoForeword(string? premise)
    {
        using var epub = new EpubArchive(EpubWriter.Write(EpubSamples.Book(premise, [EpubSamples.Chapter(null, "첫 문장.")])));

        Assert.DoesNotContain(epub.Names, n => n.Contains("foreword", StringComparison.Ordinal));
        Assert.Equal(["본문", "만든 이"], epub.Nav.Select(n => n.Label));
    }

    [Fact]
    public void Write_PremiseOfSeveralLines_IsTheForewordOneParagraphPerLine()
    {
        using var epub = new EpubArchive(EpubWriter.Write(EpubSamples.Book("눈 내리는 역.\n\n두 사람이 만난다.", [EpubSamples.Chapter(null, "첫 문장.")])));

        Assert.Equal("foreword.xhtml", epub.Spine[0]);
        Assert.Equal(["눈 내리는 역.", "두 사람이 만난다."], epub.Paragraphs(["foreword.xhtml"]));
    }

    [Fact]
    public void Write_ControlCharactersAndMarkupInText_ControlsAreDroppedAndMarkupStaysText()
    {
        var book = EpubSamples.Book("<b>&</b>\u0000", [EpubSamples.Chapter("<i>장</i>", "눈이\u0000 내렸다.\u0007 <b>굵게</b> & &amp;\ud800\uffff\u0085")]);

        using var epub = new EpubArchive(EpubWriter.Write(book));

        var chapter = epub.Xml("OEBPS/chapter-001.xhtml");
        Assert.Equal(["눈이 내렸다. <b>굵게</b> & &amp;"], epub.Paragraphs(["chapter-001.xhtml"]));
        Assert.Equal("<i>장</i>", chapter.Descendants(EpubArchive.Xhtml + "h1").Single().Value);
        Assert.Empty(chapter.Descendants(EpubArchive.Xhtml + "b"));
        Assert.Equal(["<b>&</b>"], epub.Paragraphs(["foreword.xhtml"]));
    }

    [Fact]
    public void Write_LinesOfATurn_AreParagraphsUnderTheAuthorsName()
    {
        var book = EpubSamples.Book(null, [new EpubChapter(null, [EpubPassage.From("민지", "\"비가 오네.\"\r\n\n  \"우산 있어?\"\r\"없어.\"")])]);

        using var epub = new EpubArchive(EpubWriter.Write(book));

        Assert.Equal(["\"비가 오네.\"", "\"우산 있어?\"", "\"없어.\""], epub.Paragraphs(["chapter-001.xhtml"]));
        Assert.Equal(["민지"], epub.Paragraphs(["chapter-001.xhtml"], "author"));
    }

    [Fact]
    public void Write_PassageWithoutAuthorName_HasNoEmptyAuthorLine()
    {
        var book = EpubSamples.Book(null, [new EpubChapter(null, [EpubPassage.From(" \u0000", "이름 없는 글")])]);

        using var epub = new EpubArchive(EpubWriter.Write(book));

        Assert.Empty(epub.Paragraphs(["chapter-001.xhtml"], "author"));
        Assert.Equal(["이름 없는 글"], epub.Paragraphs(["chapter-001.xhtml"]));
    }

    [Fact]
    public void Write_ThousandTurnChapter_IsSplitIntoSeveralDocumentsWithOneContentsEntry()
    {
        var texts = Enumerable.Range(0, 1000).Select(i => $"{i}번째 차례. " + new string('비', 100)).ToArray();

        using var epub = new EpubArchive(EpubWriter.Write(EpubSamples.Book(null, [EpubSamples.Chapter("긴 장", texts)])));

        var chapterFiles = epub.Spine.Where(h => h.StartsWith("chapter-001", StringComparison.Ordinal)).ToList();
        Assert.True(chapterFiles.Count > 1, $"one chapter file of {texts.Sum(t => t.Length)} characters");
        Assert.Equal(texts, epub.Paragraphs(chapterFiles));
        Assert.Equal(["긴 장", "만든 이"], epub.Nav.Select(n => n.Label));
        Assert.Single(chapterFiles.SelectMany(h => epub.Xml("OEBPS/" + h).Descendants(EpubArchive.Xhtml + "h1")));
    }

    [Fact]
    public void Write_AnyBook_DeclaresKoreanInThePackageAndEveryPage()
    {
        using var epub = new EpubArchive(EpubWriter.Write(EpubSamples.Book("역", [EpubSamples.Chapter(null, "첫 문장.")])));

        var package = epub.Package.Root!;
        Assert.Equal("ko", package.Descendants(EpubArchive.Dc + "language").Single().Value);
        Assert.Equal("ko", (string?)package.Attribute(XmlNs + "lang"));
        foreach (var page in epub.Spine.Append("nav.xhtml"))
        {
            var html = epub.Xml("OEBPS/" + page).Root!;
            Assert.Equal("ko", (string?)html.Attribute("lang"));
            Assert.Equal("ko", (string?)html.Attribute(XmlNs + "lang"));
        }
    }

    [Fact]
    public void Write_Colophon_NamesAuthorsModelsAndTheEmbeddedModelsTrainingData()
    {
        var book = EpubSamples.Book(null, [EpubSamples.Chapter(null, "첫 문장.")], authors: ["민지", "서준"],
            models: [EpubSamples.EmbeddedCredits.For(EpubSamples.EmbeddedModelName), new EpubModelCredit("kogpt2-base-v2", [])]);

        using var epub = new EpubArchive(EpubWriter.Write(book));

        var items = epub.Xml("OEBPS/colophon.xhtml").Descendants(EpubArchive.Xhtml + "li").Select(li => li.Value).ToList();
        Assert.Equal(["민지", "서준", EpubSamples.EmbeddedModelName, "kogpt2-base-v2"], items.Take(4));
        Assert.Contains(items, i => i.StartsWith("KoCoNovel", StringComparison.Ordinal) && i.Contains("CC BY-SA 4.0", StringComparison.Ordinal));
        Assert.Equal(["민지", "서준"], epub.Package.Descendants(EpubArchive.Dc + "creator").Select(c => c.Value));
        Assert.Equal([EpubSamples.EmbeddedModelName, "kogpt2-base-v2"], epub.Package.Descendants(EpubArchive.Dc + "contributor").Select(c => c.Value));
    }

    [Fact]
    public void Write_SameBookTwice_GivesTheSameBytes()
    {
        var book = EpubSamples.Book("역", [EpubSamples.Chapter(null, "첫 문장.")]);

        Assert.Equal(EpubWriter.Write(book), EpubWriter.Write(book));
    }
}
