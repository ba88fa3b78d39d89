namespace RelayNovel.Web.Rooms.Machine;

/// <summary>The host fitted an AI start's prompt (FitAiPrompt): the prompt and its meter, or why it failed (ContextShortfall: the settings can't be served by the model).</summary>
public sealed record AiPromptFitted(long StartId, AiPrompt? Prompt, PromptMemoryView? Memory, PinnedCount? PinnedCount, string? Failure, bool ContextShortfall) : RoomCommand;
