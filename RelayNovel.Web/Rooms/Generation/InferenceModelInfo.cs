namespace RelayNovel.Web.Rooms.Generation;

/// <summary>What an inference node's model is: its name, why it cannot write (null when it can), its context, and its waiting line.</summary>
public sealed record InferenceModelInfo(string ModelName, string? UnavailableReason, int ContextLength, int Waiting, int Capacity);
