using System.IO.Compression;
using System.Text;

namespace RelayNovel.Web.Api.Epub;

/// <summary>
/// Writes an <see cref="EpubBook"/> as an EPUB 3 file (OCF zip). No maintained EPUB writer is served to this project, and
/// the format needs little: <c>mimetype</c> first and stored uncompressed (readers sniff it at a fixed offset), the
/// container pointing at the package document, the package, the navigation document, XHTML pages and a stylesheet.
/// The archive is built in memory so that no entry needs a data descriptor (a streamed zip would give each one).
/// </summary>
public static class EpubWriter
{
    public const string MediaType = "application/epub+zip";
    internal const string StylePath = "style.css";
    private const string Folder = "OEBPS/";

    /// <summary>Korean wraps between words, not inside them (<c>keep-all</c>), as Korean books are set.</summary>
    private const string Style = """
        body { word-break: keep-all; line-height: 1.7; }
        h1 { font-size: 1.4em; margin: 1em 0; }
        p { margin: 0 0 0.6em 0; text-indent: 1em; }
        .passage { margin: 0 0 1.2em 0; }
        .author { font-size: 0.8em; color: #666; text-indent: 0; margin: 0 0 0.3em 0; }
        .book-title { font-weight: bold; text-indent: 0; }
        """;

    /// <summary>The earliest time a zip entry can carry.</summary>
    private static readonly DateTimeOffset ZipEpoch = new(1980, 1, 2, 0, 0, 0, TimeSpan.Zero);

    public static byte[] Write(EpubBook book)
    {
        var title = EpubXmlText.Clean(book.Title).Trim() is { Length: > 0 } clean ? clean : "relaynovel";
        var modified = book.Modified < ZipEpoch ? ZipEpoch : book.Modified;
        var documents = EpubContents.Plan(book);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            WriteFile(zip, "mimetype", MediaType, modified, CompressionLevel.NoCompression);
            EpubXml.Write(zip, "META-INF/container.xml", modified, EpubPackage.Container);
            EpubXml.Write(zip, EpubPackage.PackagePath, modified, xml => EpubPackage.Package(xml, book, title, documents));
            EpubXml.WritePage(zip, Folder + EpubPackage.NavHref, modified, book.Labels.Contents, xml => EpubPackage.Nav(xml, book, documents));
            WriteFile(zip, Folder + StylePath, Style, modified, CompressionLevel.Optimal);
            foreach (var document in documents)
            {
                EpubXml.WritePage(zip, Folder + document.Href, modified, document.Title, document.Body);
            }
        }
        return buffer.ToArray();
    }

    private static void WriteFile(ZipArchive zip, string path, string content, DateTimeOffset modified, CompressionLevel level)
    {
        var entry = zip.CreateEntry(path, level);
        entry.LastWriteTime = modified;
        using var stream = entry.Open();
        stream.Write(Encoding.UTF8.GetBytes(content));
    }
}
