namespace RelayNovel.Web.Rooms;

/// <summary>A refused room action with a message meant for the user.</summary>
/// <remarks>
/// <see cref="Exception.Message"/> is the English detail the HTTP API returns. Where the detail matters to someone in
/// the browser, <see cref="TextKey"/> names the UI text (Resources/Components/UiText*.resx) that says it in the UI's
/// language, formatted with <see cref="TextArgs"/>.
/// </remarks>
public sealed class RoomException(RoomErrorCode code, string message) : Exception(message)
{
    public RoomErrorCode Code { get; } = code;

    public string? TextKey { get; init; }

    public IReadOnlyList<object> TextArgs { get; init; } = [];
}
