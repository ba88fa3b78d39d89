namespace RelayNovel.Web.Rooms.Generation;

/// <summary>What an <see cref="InferenceUpdate"/> says.</summary>
public enum InferenceStage
{
    /// <summary>The request's place in the engine's line; 0 = it started.</summary>
    Waiting,

    /// <summary>The engine's line was full: the request was not admitted (the only update).</summary>
    Refused,

    /// <summary>A piece of one alternative's text, as the engine produced it.</summary>
    Chunk,
}
