using System.Globalization;
using System.Xml;

namespace RelayNovel.Web.Api.Epub;

/// <summary>The EPUB 3 files around the content: META-INF/container.xml, the package document and the navigation document.</summary>
internal static class EpubPackage
{
    public const string PackagePath = "OEBPS/package.opf";
    public const string NavHref = "nav.xhtml";
    private const string OpfNamespace = "http://www.idpf.org/2007/opf";
    private const string DcNamespace = "http://purl.org/dc/elements/1.1/";

    public static void Container(XmlWriter xml)
    {
        xml.WriteStartElement("container", "urn:oasis:names:tc:opendocument:xmlns:container");
        xml.WriteAttributeString("version", "1.0");
        xml.WriteStartElement("rootfiles");
        xml.WriteStartElement("rootfile");
        xml.WriteAttributeString("full-path", PackagePath);
        xml.WriteAttributeString("media-type", "application/oebps-package+xml");
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    public static void Package(XmlWriter xml, EpubBook book, string title, IReadOnlyList<EpubDocument> documents)
    {
        xml.WriteStartElement("package", OpfNamespace);
        xml.WriteAttributeString("version", "3.0");
        xml.WriteAttributeString("unique-identifier", "book-id");
        xml.WriteAttributeString("xml", "lang", null, EpubBook.Language);

        xml.WriteStartElement("metadata");
        xml.WriteAttributeString("xmlns", "dc", null, DcNamespace);
        Dc(xml, "identifier", book.Identifier, "book-id");
        Dc(xml, "title", title);
        Dc(xml, "language", EpubBook.Language);
        foreach (var author in Names(book.Authors))
        {
            Dc(xml, "creator", author);
        }
        foreach (var model in Names(book.Models.Select(m => m.Name)))
        {
            Dc(xml, "contributor", model);
        }
        xml.WriteStartElement("meta");
        xml.WriteAttributeString("property", "dcterms:modified");
        xml.WriteString(book.Modified.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        xml.WriteEndElement();
        xml.WriteEndElement();

        xml.WriteStartElement("manifest");
        Item(xml, "nav", NavHref, "application/xhtml+xml", "nav");
        Item(xml, "style", EpubWriter.StylePath, "text/css", null);
        foreach (var document in documents)
        {
            Item(xml, document.Id, document.Href, "application/xhtml+xml", null);
        }
        xml.WriteEndElement();

        xml.WriteStartElement("spine");
        foreach (var document in documents)
        {
            xml.WriteStartElement("itemref");
            xml.WriteAttributeString("idref", document.Id);
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    /// <summary>The contents (&lt;nav epub:type="toc"&gt;): one entry per page that has a name, chapters by their titles.</summary>
    public static void Nav(XmlWriter xml, EpubBook book, IReadOnlyList<EpubDocument> documents)
    {
        xml.WriteStartElement("nav");
        xml.WriteAttributeString("epub", "type", EpubXml.OpsNamespace, "toc");
        xml.WriteAttributeString("id", "toc");
        EpubXml.Element(xml, "h1", book.Labels.Contents);
        xml.WriteStartElement("ol");
        foreach (var document in documents.Where(d => d.NavTitle is not null))
        {
            xml.WriteStartElement("li");
            xml.WriteStartElement("a");
            xml.WriteAttributeString("href", document.Href);
            xml.WriteString(document.NavTitle);
            xml.WriteEndElement();
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static IEnumerable<string> Names(IEnumerable<string> names) =>
        names.Select(n => EpubXmlText.Clean(n).Trim()).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal);

    private static void Dc(XmlWriter xml, string name, string value, string? id = null)
    {
        xml.WriteStartElement("dc", name, DcNamespace);
        if (id is not null)
        {
            xml.WriteAttributeString("id", id);
        }
        xml.WriteString(EpubXmlText.Clean(value));
        xml.WriteEndElement();
    }

    private static void Item(XmlWriter xml, string id, string href, string mediaType, string? properties)
    {
        xml.WriteStartElement("item");
        xml.WriteAttributeString("id", id);
        xml.WriteAttributeString("href", href);
        xml.WriteAttributeString("media-type", mediaType);
        if (properties is not null)
        {
            xml.WriteAttributeString("properties", properties);
        }
        xml.WriteEndElement();
    }
}
