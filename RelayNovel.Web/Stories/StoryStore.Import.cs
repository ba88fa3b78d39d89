namespace RelayNovel.Web.Stories;

public sealed partial class StoryStore
{
    /// <summary>Stores an imported room with its whole history in one transaction: all of it, or nothing.</summary>
    public void ImportRoom(RoomRecord room, IReadOnlyList<TurnRecord> turns) => InTransaction(() =>
    {
        _rooms.Insert(room);
        _turns.InsertBulk(turns);
    });

    /// <summary>How many rooms the file holds (an import that failed must not have added one).</summary>
    public int RoomCount()
    {
        lock (_gate)
        {
            return _rooms.Count();
        }
    }
}
