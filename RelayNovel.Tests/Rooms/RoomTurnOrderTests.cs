using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Grains;

namespace RelayNovel.Tests.Rooms;

public sealed class RoomTurnOrderTests(RelayNovelAppFactory app) : IClassFixture<RelayNovelAppFactory>
{
    private RoomClient Rooms => app.Rooms;

    [Fact]
    public async Task Baton_NewRoom_FirstSeatedPersonHoldsIt()
    {
        var room = await RoomSetup.CreateAsync(Rooms, null, "민지", "서준");

        var snapshot = (await Rooms.GetAsync(room.Id))!;

        Assert.Equal(0, snapshot.BatonSeatIndex);
        Assert.Equal([SeatKind.Human, SeatKind.Human, SeatKind.Human, SeatKind.Human, SeatKind.Ai], snapshot.Seats.Select(s => s.Kind));
        Assert.Equal("민지", snapshot.Seats[0].Name);
        Assert.Equal("서준", snapshot.Seats[1].Name);
    }

    [Fact]
    public async Task SubmitTurn_OutOfTurn_IsRefusedAndNothingIsStored()
    {
        var room = await RoomSetup.CreateAsync(Rooms, null, "민지", "서준");

        var error = await Assert.ThrowsAsync<RoomException>(() => Rooms.SubmitTurnAsync(room.Id, room.KeyOf(1), "내 차례가 아닌데.", null));

        Assert.Equal(RoomErrorCode.NotYourTurn, error.Code);
        Assert.Contains("민지", error.Message);
        Assert.Empty((await Rooms.GetAsync(room.Id))!.Turns);
    }

    [Fact]
    public async Task SubmitTurn_ByTheHolder_CommitsAndPassesTheBatonToTheNextSeatedPerson()
    {
        var room = await RoomSetup.CreateAsync(Rooms, null, "민지", "서준");

        var turn = await Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), "  문이 삐걱 열렸다.  ", null);

        var snapshot = (await Rooms.GetAsync(room.Id))!;
        Assert.Equal(new { Index = 0, Seat = 0, Author = "민지", Kind = TurnKind.Human, Text = "문이 삐걱 열렸다." },
            new { turn.Index, Seat = turn.SeatIndex, Author = turn.AuthorName, turn.Kind, turn.Text });
        Assert.Equal([turn], snapshot.Turns);
        Assert.Equal(1, snapshot.BatonSeatIndex);
        Assert.Equal("", snapshot.CurrentDraft);
    }

    [Fact]
    public async Task Baton_AfterTheLastHuman_GoesToTheAiSeatThenBackToTheFirst()
    {
        // No model in this app: the AI seat still takes its place in the order, as a skipped turn with a reason.
        var room = await RoomSetup.CreateAsync(Rooms, null, "민지", "서준");
        await Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), "하나.", null);

        await Rooms.SubmitTurnAsync(room.Id, room.KeyOf(1), "둘.", null);

        var snapshot = (await Rooms.GetAsync(room.Id))!;
        Assert.Equal([0, 1, 4], snapshot.Turns.Select(t => t.SeatIndex));
        Assert.Equal(TurnKind.Skipped, snapshot.Turns[2].Kind);
        Assert.Equal(0, snapshot.BatonSeatIndex);
        Assert.Equal(AiModel.NoModelName, snapshot.ModelName);
        Assert.False(string.IsNullOrWhiteSpace(snapshot.AiUnavailableReason));
        Assert.Contains("skipped", snapshot.LastAiMessage);
    }

    [Fact]
    public async Task SeatPlan_AiFirst_TheAiTakesTheFirstTurnOnceSomeoneSits()
    {
        var settings = new RoomSettings("AI 먼저", SeatPlan: [SeatKind.Ai, SeatKind.Human, SeatKind.Human]);

        var room = await RoomSetup.CreateAsync(Rooms, settings, "민지");

        var snapshot = (await Rooms.GetAsync(room.Id))!;
        Assert.Equal(0, snapshot.Turns.Single().SeatIndex);   // the AI's (skipped: no model) turn came first
        Assert.Equal(1, snapshot.BatonSeatIndex);
    }

    [Fact]
    public async Task SubmitTurn_SameSubmissionIdTwice_StoresOneTurn()
    {
        var room = await RoomSetup.CreateAsync(Rooms, null, "민지", "서준");

        var first = await Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), "한 번만.", "sub-1");
        var retried = await Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), "한 번만.", "sub-1");

        Assert.Equal(first, retried);
        Assert.Single((await Rooms.GetAsync(room.Id))!.Turns);
        Assert.Equal(1, (await Rooms.GetAsync(room.Id))!.BatonSeatIndex);
    }

    [Fact]
    public async Task SubmitTurn_ManyConcurrentRetriesOfOneSubmission_StoreOneTurn()
    {
        var room = await RoomSetup.CreateAsync(Rooms, null, "민지", "서준");

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Task.Run(() => Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), "동시에.", "same-click"))));

        Assert.Single(results.Distinct());
        Assert.Single((await Rooms.GetAsync(room.Id))!.Turns);
    }

    [Fact]
    public async Task SubmitTurn_TwoDifferentSubmissionsAtOnce_OnlyOneTakesTheTurn()
    {
        var room = await RoomSetup.CreateAsync(Rooms, null, "민지", "서준");

        var attempts = await Task.WhenAll(new[] { "a", "b" }.Select(id => Task.Run(async () =>
        {
            try
            {
                await Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), $"제출 {id}", id);
                return (RoomErrorCode?)null;
            }
            catch (RoomException ex)
            {
                return ex.Code;
            }
        })));

        Assert.Equal(1, attempts.Count(a => a is null));
        Assert.Equal(1, attempts.Count(a => a == RoomErrorCode.NotYourTurn));
        Assert.Single((await Rooms.GetAsync(room.Id))!.Turns);
    }

    [Theory]
    [InlineData("", RoomErrorCode.InvalidText)]
    [InlineData("   \n  ", RoomErrorCode.InvalidText)]
    [InlineData("종이 울렸다.\u0007", RoomErrorCode.InvalidText)]
    [InlineData("탭\t문자", RoomErrorCode.InvalidText)]
    public async Task SubmitTurn_BadText_IsRefusedWithAClearMessageAndNothingIsStored(string text, RoomErrorCode expected)
    {
        var room = await RoomSetup.CreateAsync(Rooms, null, "민지");

        var error = await Assert.ThrowsAsync<RoomException>(() => Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), text, null));

        Assert.Equal(expected, error.Code);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        Assert.Empty((await Rooms.GetAsync(room.Id))!.Turns);
        Assert.Equal(0, (await Rooms.GetAsync(room.Id))!.BatonSeatIndex);
    }

    [Fact]
    public async Task SubmitTurn_BrokenSurrogate_IsRefused()
    {
        var room = await RoomSetup.CreateAsync(Rooms, null, "민지");

        var error = await Assert.ThrowsAsync<RoomException>(() => Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), "깨진 " + (char)0xD800 + " 글자", null));

        Assert.Equal(RoomErrorCode.InvalidText, error.Code);
        Assert.Empty((await Rooms.GetAsync(room.Id))!.Turns);
    }

    [Fact]
    public async Task SubmitTurn_OverTheLengthLimit_IsRefusedAsTooLong()
    {
        var room = await RoomSetup.CreateAsync(Rooms, new RoomSettings("짧게", MaxTurnChars: 10), "민지");

        var error = await Assert.ThrowsAsync<RoomException>(() => Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), new string('가', 11), null));

        Assert.Equal(RoomErrorCode.TooLong, error.Code);
        Assert.Contains("10", error.Message);
        Assert.Empty((await Rooms.GetAsync(room.Id))!.Turns);
    }

    [Fact]
    public async Task SubmitTurn_UnknownKey_IsForbidden()
    {
        var room = await RoomSetup.CreateAsync(Rooms, null, "민지");

        var error = await Assert.ThrowsAsync<RoomException>(() => Rooms.SubmitTurnAsync(room.Id, "not-a-key", "안녕.", null));

        Assert.Equal(RoomErrorCode.Forbidden, error.Code);
    }

    [Fact]
    public async Task Room_UnknownId_IsNotFound()
    {
        Assert.Null((await Rooms.GetAsync("AAAAAAAAAAAAAAAAAAAAAA")));
        Assert.Null((await Rooms.GetAsync("../../etc/passwd")));
        var error = await Assert.ThrowsAsync<RoomException>(() => Rooms.JoinAsync("AAAAAAAAAAAAAAAAAAAAAA", "민지", null, false));
        Assert.Equal(RoomErrorCode.NotFound, error.Code);
    }

    [Fact]
    public async Task Create_RoomIds_AreLongRandomAndUrlSafe()
    {
        var a = await Rooms.CreateAsync(new RoomSettings("하나"));
        var b = await Rooms.CreateAsync(new RoomSettings("둘"));

        Assert.NotEqual(a.RoomId, b.RoomId);
        Assert.All(new[] { a.RoomId, b.RoomId }, id =>
        {
            Assert.True(id.Length >= 22);   // 16 random bytes in base64url
            Assert.Matches("^[A-Za-z0-9_-]+$", id);
        });
        Assert.NotEqual(a.OwnerKey, b.OwnerKey);
    }
}
