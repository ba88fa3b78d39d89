namespace RelayNovel.Web.Rooms.Grains;

/// <summary>What <see cref="RoomGrain"/> logs.</summary>
internal static partial class RoomGrainLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Room {RoomId} loaded with {Turns} turns at version {Version}")]
    public static partial void Loaded(ILogger logger, string roomId, int turns, long version);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Room {RoomId} idle: its grain deactivates")]
    public static partial void Idle(ILogger logger, string roomId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Room {RoomId}: the store refused a change; the room reloads from the store")]
    public static partial void SaveFailed(ILogger logger, Exception ex, string roomId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Room {RoomId}: events stored but not published")]
    public static partial void PublishFailed(ILogger logger, Exception ex, string roomId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Room {RoomId}: the room clock failed")]
    public static partial void TickFailed(ILogger logger, Exception ex, string roomId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Room {RoomId}: the draft could not be saved on deactivation")]
    public static partial void FlushFailed(ILogger logger, Exception ex, string roomId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Room {RoomId}: fitting the AI prompt failed")]
    public static partial void FitFailed(ILogger logger, Exception ex, string roomId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Room {RoomId}: {Command} came back after the room moved on")]
    public static partial void LateRefusal(ILogger logger, Exception ex, string roomId, string command);
}
