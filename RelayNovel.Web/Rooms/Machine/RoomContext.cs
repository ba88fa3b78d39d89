namespace RelayNovel.Web.Rooms.Machine;

/// <summary>
/// What the rules need to know about the world outside the room at this moment, as plain values: the model (its name,
/// why it can't write, its context in tokens; 0 without a model) and, when the store is over its total quota, that quota in bytes (null: there is room).
/// </summary>
public sealed record RoomContext(string ModelName, string? ModelUnavailableReason, int ModelContextLength, long? StoreFullAtBytes = null)
{
    /// <summary>The model's context in tokens, 0 without a model (then max tokens is capped only by the fixed limit).</summary>
    public int UsableContext => ModelUnavailableReason is null ? ModelContextLength : 0;
}
