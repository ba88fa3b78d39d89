namespace RelayNovel.Web.Api.Epub;

/// <summary>An AI model that wrote turns, and the attribution its training data requires (empty when none is known).</summary>
public sealed record EpubModelCredit(string Name, IReadOnlyList<string> Attribution);
