using RelayNovel.Web.Api;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Stories;

namespace RelayNovel.Tests.Replay;

public sealed class DraftEditTests
{
    private static DraftSnapshotRecord[] Snapshots(params string[] texts) =>
        [.. texts.Select((text, i) => new DraftSnapshotRecord { OffsetMs = i * 100, Text = text })];

    [Fact]
    public void EncodeDecode_TypingBackspacesAndAMidSentenceEdit_RebuildsEverySnapshot()
    {
        var typed = Snapshots("ㅂ", "비", "비가", "비가 왔", "비가 ", "비가 내렸다.", "눈이 내렸다.", "눈이 내렸다. 😀", "눈이 내렸다. 😃");
        var budget = 10_000L;

        var edits = DraftEdit.Encode(typed);
        var rebuilt = DraftEdit.Decode(edits, "Turn 0", ref budget);

        Assert.Equal(typed.Select(s => (s.OffsetMs, s.Text)), rebuilt.Select(s => (s.OffsetMs, s.Text)));
        Assert.Equal((3, "내렸다."), (edits[5].Keep, edits[5].Add));   // "비가 " kept, the rest typed anew
        Assert.Equal(0, edits[6].Keep);                  // the first syllable changed: nothing kept
        Assert.All(edits, e => Assert.False(e.Add!.Length > 0 && char.IsLowSurrogate(e.Add[0])));
    }

    [Fact]
    public void Encode_AppendOnlyTyping_StoresEachCharacterOnce()
    {
        var text = string.Concat(Enumerable.Repeat("비가 내렸다. ", 30));
        var typed = Snapshots([.. Enumerable.Range(1, text.Length).Select(n => text[..n])]);

        var edits = DraftEdit.Encode(typed);

        Assert.Equal(text.Length, edits.Sum(e => e.Add!.Length));
    }

    [Fact]
    public void Decode_KeepsMoreThanThereWas_RefusedNamingTheTurn()
    {
        var budget = 10_000L;

        var error = Assert.Throws<RoomException>(() => DraftEdit.Decode([new DraftEdit(0, 0, "비"), new DraftEdit(100, 5, "가")], "Turn 7", ref budget));

        Assert.Equal(RoomErrorCode.InvalidSettings, error.Code);
        Assert.StartsWith("Turn 7", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_SmallInputRebuildingHugeDrafts_RefusedByTheBudget()
    {
        var budget = 1_000L;
        var edits = new List<DraftEdit?> { new(0, 0, new string('가', 100)) };
        edits.AddRange(Enumerable.Range(1, 50).Select(i => new DraftEdit(i, 100, "")));

        var error = Assert.Throws<RoomException>(() => DraftEdit.Decode(edits, "Turn 0", ref budget));

        Assert.Equal(RoomErrorCode.TooLong, error.Code);
    }
}
