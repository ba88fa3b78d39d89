using System.Xml;

namespace RelayNovel.Web.Api.Epub;

/// <summary>
/// One XHTML content document in reading order. <paramref name="NavTitle"/> is its entry in the contents, null for the
/// continuation files of a chapter split for size (the contents point at the chapter's first file).
/// </summary>
internal sealed record EpubDocument(string Id, string Href, string Title, string? NavTitle, Action<XmlWriter> Body);
