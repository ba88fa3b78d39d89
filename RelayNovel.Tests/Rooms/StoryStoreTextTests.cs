using RelayNovel.Tests.Checkpoints;
using RelayNovel.Web.Stories;

namespace RelayNovel.Tests.Rooms;

/// <summary>The store gives text back exactly as written: token chunks keep their spaces, an empty text stays empty.</summary>
public sealed class StoryStoreTextTests
{
    [Fact]
    public void StoryStore_ReopenedFile_TextComesBackUntrimmedAndEmptyStaysEmpty()
    {
        using var data = new TempDirectory();
        var path = Path.Combine(data.Path, "story.db");
        var room = new RoomRecord { Id = "room-with-spaces-0001", Draft = "쓰다 만 문장 " };
        var turn = new TurnRecord
        {
            Id = TurnRecord.MakeId(room.Id, 0), RoomId = room.Id, Text = "",
            TokenChunks = [new TokenChunkRecord { Text = " 비가" }, new TokenChunkRecord { Text = " 온다.\n" }],
            Alternatives = [new AlternativeRecord { Text = "", TokenChunks = [new TokenChunkRecord { Text = " 눈" }] }],
        };
        using (var store = new StoryStore(path))
        {
            store.CommitTurn(turn, room);
        }

        using var reopened = new StoryStore(path);
        var storedTurn = reopened.FindTurn(room.Id, 0)!;

        Assert.Equal("쓰다 만 문장 ", reopened.FindRoom(room.Id)!.Draft);
        Assert.Equal("", storedTurn.Text);
        Assert.Equal([" 비가", " 온다.\n"], storedTurn.TokenChunks.Select(c => c.Text));
        Assert.Equal((" 눈", ""), (storedTurn.Alternatives[0].TokenChunks[0].Text, storedTurn.Alternatives[0].Text));
    }
}
