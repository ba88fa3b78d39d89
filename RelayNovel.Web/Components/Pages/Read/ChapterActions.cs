namespace RelayNovel.Web.Components.Pages.Read;

/// <summary>
/// What the owner's page can do with chapter breaks: mark (or retitle) a turn and unmark it. Each returns the refusal
/// to show, in the UI's language, or null when it was done. Pages pass none to viewers who may not.
/// </summary>
public sealed record ChapterActions(Func<int, string?, Task<string?>> Mark, Func<int, Task<string?>> Unmark);
