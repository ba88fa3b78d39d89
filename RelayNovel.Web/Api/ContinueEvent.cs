using System.Text.Json.Serialization;

namespace RelayNovel.Web.Api;

/// <summary>
/// One event of a streamed continuation: "token" events carry each new piece of <see cref="Text"/>; the last event
/// is "done" (the whole text, <see cref="FinishReason"/>, total tokens, model) or "error" (<see cref="Detail"/>).
/// </summary>
public sealed record ContinueEvent(string Type, string Text, int Tokens, long At)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? FinishReason { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Model { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Detail { get; init; }
}
