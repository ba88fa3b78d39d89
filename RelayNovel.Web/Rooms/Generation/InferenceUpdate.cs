namespace RelayNovel.Web.Rooms.Generation;

/// <summary>
/// One item of an inference stream: a place in line, or an alternative's chunk with the tokens it carries and the time
/// it was generated (since the generation started); an alternative's last chunk carries its end reason.
/// Token boundaries and timings cross the wire as the engine made them.
/// </summary>
public sealed record InferenceUpdate(InferenceStage Stage, int Position, int Alternative, AiChunk? Chunk)
{
    /// <summary>The silo that runs the request (on the first update): a caller that loses it waits for the cluster to drop it before asking again.</summary>
    public string? Node { get; init; }

    public static InferenceUpdate Waiting(int position) => new(InferenceStage.Waiting, position, 0, null);

    public static InferenceUpdate Refused { get; } = new(InferenceStage.Refused, -1, 0, null);

    public static InferenceUpdate Of(int alternative, AiChunk chunk) => new(InferenceStage.Chunk, 0, alternative, chunk);
}
