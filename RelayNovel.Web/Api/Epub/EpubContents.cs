using System.Xml;

namespace RelayNovel.Web.Api.Epub;

/// <summary>
/// The book's content documents in reading order: the foreword (the premise, when there is one), the chapters, the
/// colophon. A long chapter is cut into several files between passages so that no file grows past what reading
/// systems page through quickly (a 1,000-turn chapter would otherwise be one multi-megabyte document).
/// </summary>
internal static class EpubContents
{
    /// <summary>About 150 KB of Korean UTF-8 and markup per file, well under the ~300 KB some readers struggle with.</summary>
    public const int MaxCharsPerDocument = 40_000;

    public static IReadOnlyList<EpubDocument> Plan(EpubBook book)
    {
        var documents = new List<EpubDocument>();
        var labels = book.Labels;
        if (book.Foreword is { } foreword && !string.IsNullOrWhiteSpace(EpubXmlText.Clean(foreword)))
        {
            documents.Add(new("foreword", "foreword.xhtml", labels.Foreword, labels.Foreword, xml =>
                EpubXml.Section(xml, "foreword", () =>
                {
                    EpubXml.Element(xml, "h1", labels.Foreword);
                    Paragraphs(xml, EpubPassage.From("", foreword).Paragraphs);
                })));
        }

        for (var c = 0; c < book.Chapters.Count; c++)
        {
            var chapter = book.Chapters[c];
            var title = ChapterTitle(book, c);
            var parts = Split(chapter.Passages);
            for (var p = 0; p < parts.Count; p++)
            {
                var part = parts[p];
                var first = p == 0;
                var id = $"chapter-{c + 1:D3}" + (first ? "" : $"-{p + 1}");
                documents.Add(new(id, id + ".xhtml", title, first ? title : null, xml =>
                    EpubXml.Section(xml, "chapter", () =>
                    {
                        if (first)
                        {
                            EpubXml.Element(xml, "h1", title);
                        }
                        foreach (var passage in part)
                        {
                            Passage(xml, passage);
                        }
                    })));
            }
        }

        documents.Add(new("colophon", "colophon.xhtml", labels.Colophon, labels.Colophon, xml => Colophon(xml, book)));
        return documents;
    }

    /// <summary>The chapter's own title, else its number; a book of one untitled chapter calls it the story.</summary>
    public static string ChapterTitle(EpubBook book, int index)
    {
        var title = EpubXmlText.Clean(book.Chapters[index].Title ?? "").Trim();
        return title.Length > 0 ? title
            : book.Chapters.Count == 1 ? book.Labels.Story
            : book.Labels.ChapterName(index + 1);
    }

    private static List<List<EpubPassage>> Split(IReadOnlyList<EpubPassage> passages)
    {
        var parts = new List<List<EpubPassage>> { new() };
        var length = 0;
        foreach (var passage in passages)
        {
            if (length > 0 && length + passage.Length > MaxCharsPerDocument)
            {
                parts.Add([]);
                length = 0;
            }
            parts[^1].Add(passage);
            length += passage.Length;
        }
        return parts;
    }

    private static void Passage(XmlWriter xml, EpubPassage passage)
    {
        xml.WriteStartElement("div");
        xml.WriteAttributeString("class", "passage");
        if (EpubXmlText.Clean(passage.Author).Trim().Length > 0)
        {
            EpubXml.Element(xml, "p", passage.Author, "author");
        }
        Paragraphs(xml, passage.Paragraphs);
        xml.WriteEndElement();
    }

    private static void Paragraphs(XmlWriter xml, IEnumerable<string> paragraphs)
    {
        foreach (var paragraph in paragraphs)
        {
            EpubXml.Element(xml, "p", paragraph);
        }
    }

    private static void Colophon(XmlWriter xml, EpubBook book) =>
        EpubXml.Section(xml, "colophon", () =>
        {
            var labels = book.Labels;
            EpubXml.Element(xml, "h1", labels.Colophon);
            EpubXml.Element(xml, "p", book.Title, "book-title");
            EpubXml.Element(xml, "p", labels.MadeWith);
            if (book.Authors.Count > 0)
            {
                EpubXml.Element(xml, "h2", labels.Authors);
                List(xml, book.Authors);
            }
            if (book.Models.Count > 0)
            {
                EpubXml.Element(xml, "h2", labels.Models);
                List(xml, book.Models.Select(m => m.Name));
                foreach (var model in book.Models.Where(m => m.Attribution.Count > 0))
                {
                    EpubXml.Element(xml, "h3", labels.TrainingDataOf(model.Name));
                    List(xml, model.Attribution);
                }
            }
        });

    private static void List(XmlWriter xml, IEnumerable<string> items)
    {
        xml.WriteStartElement("ul");
        foreach (var item in items)
        {
            EpubXml.Element(xml, "li", item);
        }
        xml.WriteEndElement();
    }
}
