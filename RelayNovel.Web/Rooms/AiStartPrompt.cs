namespace RelayNovel.Web.Rooms;

/// <summary>What fitting an <see cref="AiStart"/>'s prompt gave: the prompt and its meter, or why it failed.</summary>
internal sealed record AiStartPrompt(AiPrompt? Prompt, PromptMemoryView? Memory, (string Text, int Tokens)? PinnedCount, Exception? Failure);
