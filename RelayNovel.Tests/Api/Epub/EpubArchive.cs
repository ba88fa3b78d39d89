using System.IO.Compression;
using System.Xml.Linq;

namespace RelayNovel.Tests.Api.Epub;

/// <summary>An EPUB file opened for reading in tests: its entries, parsed as XML where they are XML.</summary>
internal sealed class EpubArchive : IDisposable
{
    public static readonly XNamespace Xhtml = "http://www.w3.org/1999/xhtml";
    public static readonly XNamespace Opf = "http://www.idpf.org/2007/opf";
    public static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";

    private readonly ZipArchive _zip;

    public EpubArchive(byte[] bytes) => _zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);

    public IReadOnlyList<string> Names => [.. _zip.Entries.Select(e => e.FullName)];

    public XDocument Xml(string path)
    {
        using var stream = (_zip.GetEntry(path) ?? throw new InvalidOperationException($"{path} is not in the book.")).Open();
        return XDocument.Load(stream);
    }

    public XDocument Package => Xml("OEBPS/package.opf");

    /// <summary>The content documents in spine (reading) order.</summary>
    public IReadOnlyList<string> Spine
    {
        get
        {
            var package = Package.Root!;
            var hrefs = package.Descendants(Opf + "item").ToDictionary(i => (string)i.Attribute("id")!, i => (string)i.Attribute("href")!);
            return [.. package.Descendants(Opf + "itemref").Select(r => hrefs[(string)r.Attribute("idref")!])];
        }
    }

    /// <summary>The contents' entries as (link, label).</summary>
    public IReadOnlyList<(string Href, string Label)> Nav =>
        [.. Xml("OEBPS/nav.xhtml").Descendants(Xhtml + "a").Select(a => ((string)a.Attribute("href")!, a.Value))];

    /// <summary>The text of every &lt;p&gt; of the given documents, in order.</summary>
    public IReadOnlyList<string> Paragraphs(IEnumerable<string> hrefs, string? cssClass = null) =>
        [.. hrefs.SelectMany(h => Xml("OEBPS/" + h).Descendants(Xhtml + "p"))
            .Where(p => (string?)p.Attribute("class") == cssClass).Select(p => p.Value)];

    public void Dispose() => _zip.Dispose();
}
