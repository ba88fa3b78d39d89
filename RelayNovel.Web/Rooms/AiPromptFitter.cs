using RelayNovel.Web.Rooms.Machine;
using RelayNovel.Web.Stories;

namespace RelayNovel.Web.Rooms;

/// <summary>
/// Fits an AI start's prompt with the model, outside the room (tokenizing a long story takes time that would stall the
/// room): the room's memory pinned, then as much of the story's end as fits. The answer goes back to the rules.
/// </summary>
internal static class AiPromptFitter
{
    public static async Task<AiPromptFitted> FitAsync(AiStartRequest start, Generation.IGenerationEngine model, Action<Exception> logFailure)
    {
        var settings = new SettingsRecord { Premise = start.Premise, AuthorNote = start.AuthorNote };
        var pinnedCount = start.PinnedCount;
        try
        {
            var plan = RoomMemory.Build(settings, start.Glossary, start.Story);
            AiPrompt prompt;
            while (true)
            {
                try
                {
                    prompt = await model.FitAsync(plan.Pinned, start.Story, start.MaxTokens).ConfigureAwait(false);
                    break;
                }
                catch (ArgumentException) when (plan.Used.Count > 0)
                {
                    // The head doesn't fit a small context: glossary entries give way (least recently mentioned first).
                    plan = RoomMemory.Build(settings, start.Glossary, start.Story, plan.Used.Count - 1);
                }
            }
            // Fitted alone, the head shows how the prompt's tokens split between memory and story; tokenized again only
            // when the head changed.
            var pinnedTokens = 0;
            if (plan.Pinned.Length > 0)
            {
                if (pinnedCount is not { } cached || cached.Text != plan.Pinned)
                {
                    pinnedCount = new PinnedCount(plan.Pinned, (await model.FitAsync(plan.Pinned, "", start.MaxTokens).ConfigureAwait(false)).UsedTokens);
                }
                pinnedTokens = Math.Min(prompt.UsedTokens, pinnedCount.Tokens);
            }
            var memory = new PromptMemoryView(plan.Premise, plan.AuthorNote, plan.Used, plan.Cut,
                pinnedTokens, prompt.UsedTokens - pinnedTokens, prompt.DroppedTokens);
            return new AiPromptFitted(start.StartId, prompt, memory, pinnedCount, null, false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logFailure(ex);
            return new AiPromptFitted(start.StartId, null, null, pinnedCount, Backends.AiBackendException.PublicMessageOf(ex),
                ContextShortfall: ex is ArgumentException);
        }
    }
}
