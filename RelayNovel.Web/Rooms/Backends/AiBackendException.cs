namespace RelayNovel.Web.Rooms.Backends;

/// <summary>
/// A model backend failed. <see cref="Exception.Message"/> carries the detail for the log (endpoint, the server's own
/// words); <see cref="PublicMessage"/> is the plain sentence rooms, turn notes and exports may show.
/// </summary>
public sealed class AiBackendException(string publicMessage, string detail, Exception? inner = null) : Exception(detail, inner)
{
    public string PublicMessage { get; } = publicMessage;

    /// <summary>What a room may show for <paramref name="failure"/>: never an address, a path or an exception's own text.</summary>
    public static string PublicMessageOf(Exception failure) => failure is AiBackendException backend
        ? backend.PublicMessage
        : "the model stopped with an error (the server's log has the details)";
}
