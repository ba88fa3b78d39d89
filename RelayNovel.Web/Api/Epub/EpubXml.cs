using System.IO.Compression;
using System.Text;
using System.Xml;

namespace RelayNovel.Web.Api.Epub;

/// <summary>Writes one XML file of the book into the archive, and the XHTML page frame every content document shares.</summary>
internal static class EpubXml
{
    public const string XhtmlNamespace = "http://www.w3.org/1999/xhtml";
    public const string OpsNamespace = "http://www.idpf.org/2007/ops";

    private static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = true,
        // A character XML forbids throws instead of making a book no reader opens (text is cleaned before).
        CheckCharacters = true,
    };

    public static void Write(ZipArchive zip, string path, DateTimeOffset modified, Action<XmlWriter> content)
    {
        var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
        entry.LastWriteTime = modified;
        using var stream = entry.Open();
        using var xml = XmlWriter.Create(stream, Settings);
        xml.WriteStartDocument();
        content(xml);
        xml.WriteEndDocument();
    }

    /// <summary>An XHTML content document: <paramref name="body"/> writes inside &lt;body&gt;.</summary>
    public static void WritePage(ZipArchive zip, string path, DateTimeOffset modified, string title, Action<XmlWriter> body) =>
        Write(zip, path, modified, xml =>
        {
            xml.WriteDocType("html", null, null, null);
            xml.WriteStartElement("html", XhtmlNamespace);
            xml.WriteAttributeString("xmlns", "epub", null, OpsNamespace);
            xml.WriteAttributeString("lang", EpubBook.Language);
            xml.WriteAttributeString("xml", "lang", null, EpubBook.Language);
            xml.WriteStartElement("head");
            xml.WriteElementString("title", title);
            xml.WriteStartElement("link");
            xml.WriteAttributeString("rel", "stylesheet");
            xml.WriteAttributeString("type", "text/css");
            xml.WriteAttributeString("href", EpubWriter.StylePath);
            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteStartElement("body");
            body(xml);
            xml.WriteEndElement();
            xml.WriteEndElement();
        });

    /// <summary>&lt;section epub:type="…"&gt; around <paramref name="content"/>.</summary>
    public static void Section(XmlWriter xml, string type, Action content)
    {
        xml.WriteStartElement("section");
        xml.WriteAttributeString("epub", "type", OpsNamespace, type);
        content();
        xml.WriteEndElement();
    }

    public static void Element(XmlWriter xml, string name, string text, string? cssClass = null)
    {
        xml.WriteStartElement(name);
        if (cssClass is not null)
        {
            xml.WriteAttributeString("class", cssClass);
        }
        xml.WriteString(EpubXmlText.Clean(text));
        xml.WriteEndElement();
    }
}
