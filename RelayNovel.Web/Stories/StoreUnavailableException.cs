namespace RelayNovel.Web.Stories;

/// <summary>
/// The store could not be reached (its database is restarting or gone): nothing of the call was written, and the
/// same call may succeed a moment later. Rooms refuse the write as <see cref="Rooms.RoomErrorCode.StoreUnavailable"/>.
/// </summary>
public sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException()
    {
    }

    public StoreUnavailableException(string message) : base(message)
    {
    }

    public StoreUnavailableException(string message, Exception inner) : base(message, inner)
    {
    }
}
