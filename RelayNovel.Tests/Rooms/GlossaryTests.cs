using RelayNovel.Tests.Checkpoints;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Grains;
using RelayNovel.Web.Stories;

namespace RelayNovel.Tests.Rooms;

/// <summary>The room's glossary: who edits it, its limits, and which entries the prompt builder pins.</summary>
public sealed class GlossaryTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Glossary_EntryNamedInTheRecentStory_GoesIntoThePromptAndTheMeter()
    {
        await using var app = RelayNovelAppFactory.WithModel(TestModels.TinyModelPath);
        var room = await AiRoom.CreateAsync(app.Rooms, ownerSeated: false, new AiSettings(MaxTokens: 4, Pace: AiPace.AsGenerated), "민지");
        await app.Rooms.UpdateGlossaryAsync(room.Id, room.OwnerKey, [new("Mina", "a baker who hates rain"), new("Jun", "her brother")]);
        await using var page = await app.Rooms.ConnectAsync(room.Id, room.Keys[0]);
        using var log = await RoomEventLog.StartAsync(app.Broadcaster, room.Id);

        await app.Rooms.SubmitTurnAsync(room.Id, room.Keys[0], "Mina opened the shop.", null);
        var started = await log.WaitForAsync<AiProgress>(p => p.Stream.Memory is not null, Patience);
        await log.WaitForAsync<TurnCommitted>(t => t.Turn.SeatIndex == room.AiSeat, Patience);
        var prompt = (await app.Rooms.GetPromptTextAsync(room.Id, room.OwnerKey));

        Assert.Contains("Mina: a baker who hates rain", prompt);
        Assert.DoesNotContain("her brother", prompt);
        var memory = started.Stream.Memory!;
        Assert.Equal(["Mina"], memory.GlossaryUsed);
        Assert.Empty(memory.GlossaryCut);
        Assert.True(memory.PremiseIncluded);
        Assert.False(memory.AuthorNoteIncluded);
        Assert.True(memory.PinnedTokens > 0 && memory.StoryTokens > 0);
        Assert.Equal(started.Stream.ContextUsedTokens, memory.PinnedTokens + memory.StoryTokens);
    }

    [Fact]
    public async Task Glossary_ByAnyoneButTheOwner_IsRefusedAndSoIsThePrompt()
    {
        await using var app = new RelayNovelAppFactory();
        var room = await RoomSetup.CreateAsync(app.Rooms, null, "민지");

        var edit = await Assert.ThrowsAsync<RoomException>(() => app.Rooms.UpdateGlossaryAsync(room.Id, room.KeyOf(0), [new("민지", "주인공")]));
        var prompt = await Assert.ThrowsAsync<RoomException>(() => app.Rooms.GetPromptTextAsync(room.Id, room.KeyOf(0)));

        Assert.Equal((RoomErrorCode.Forbidden, RoomErrorCode.Forbidden), (edit.Code, prompt.Code));
        Assert.Empty((await app.Rooms.GetAsync(room.Id))!.Glossary);
    }

    [Theory]
    [InlineData("", "이름 없는 줄")]
    [InlineData("서점", "")]
    [InlineData("이름이 아주 아주 아주 아주 아주 아주 아주 아주 아주 아주 아주 아주 아주 아주 깁니다", "줄")]
    [InlineData("서점", "\u0007벨")]
    [InlineData("서:점", "콜론")]
    public async Task Glossary_BadEntry_RefusedAndNothingStored(string name, string line)
    {
        await using var app = new RelayNovelAppFactory();
        var room = await RoomSetup.CreateAsync(app.Rooms, null, "민지");
        await app.Rooms.UpdateGlossaryAsync(room.Id, room.Room.OwnerKey, [new("등대", "바닷가의 낡은 등대")]);

        var error = await Assert.ThrowsAsync<RoomException>(() =>
            app.Rooms.UpdateGlossaryAsync(room.Id, room.Room.OwnerKey, [new("바다", "푸른 바다"), new(name, line)]));

        Assert.Equal(RoomErrorCode.InvalidSettings, error.Code);
        Assert.Contains("entry 2", error.Message);
        Assert.Equal([new GlossaryEntry("등대", "바닷가의 낡은 등대")], (await app.Rooms.GetAsync(room.Id))!.Glossary);
    }

    [Fact]
    public async Task Glossary_TooManyOrDuplicateOrOverlongLine_Refused()
    {
        await using var app = new RelayNovelAppFactory();
        var room = await RoomSetup.CreateAsync(app.Rooms, null, "민지");
        var owner = room.Room.OwnerKey;

        var many = await Assert.ThrowsAsync<RoomException>(() => app.Rooms.UpdateGlossaryAsync(room.Id, owner,
            [.. Enumerable.Range(0, GlossaryRules.MaxEntries + 1).Select(i => new GlossaryEntry($"이름{i}", "줄"))]));
        var twice = await Assert.ThrowsAsync<RoomException>(() => app.Rooms.UpdateGlossaryAsync(room.Id, owner,
            [new("Mina", "one"), new("mina", "two")]));
        var longLine = await Assert.ThrowsAsync<RoomException>(() => app.Rooms.UpdateGlossaryAsync(room.Id, owner,
            [new("Mina", new string('가', GlossaryRules.MaxLine + 1))]));

        Assert.All([many, twice, longLine], e => Assert.Equal(RoomErrorCode.InvalidSettings, e.Code));
        Assert.Empty((await app.Rooms.GetAsync(room.Id))!.Glossary);
    }

    [Fact]
    public async Task Glossary_ParsedFromLines_KeepsNamesAndLinesAndSurvivesARestart()
    {
        using var data = new TempDirectory();
        string roomId;
        var entries = RoomClient.ParseGlossary("민지: 빵집 주인\n\n서준 : 민지의 동생, 우산을 잃어버림\n");
        await using (var first = RelayNovelAppFactory.On(data))
        {
            var room = await RoomSetup.CreateAsync(first.Rooms, null, "민지");
            roomId = room.Id;
            await first.Rooms.UpdateGlossaryAsync(room.Id, room.Room.OwnerKey, entries);
        }

        await using var second = RelayNovelAppFactory.On(data);

        Assert.Equal([new GlossaryEntry("민지", "빵집 주인"), new GlossaryEntry("서준", "민지의 동생, 우산을 잃어버림")],
            (await second.Rooms.GetAsync(roomId))!.Glossary);
        Assert.Equal("민지: 빵집 주인\n서준: 민지의 동생, 우산을 잃어버림", RoomClient.FormatGlossary((await second.Rooms.GetAsync(roomId))!.Glossary));
    }

    [Fact]
    public void RoomMemory_ManyNamesMentioned_KeepsTheMostRecentWithinTheBudgetAndReportsTheCut()
    {
        var line = new string('가', 180);
        var glossary = new[] { "Ana", "Bo", "Cy", "Di", "Ed" }.Select(n => new GlossaryEntryRecord { Name = n, Line = line }).ToList();
        var settings = new SettingsRecord { Premise = "전제", AuthorNote = "메모" };
        var story = new string('.', RoomMemory.RecentStoryChars) + "Ed met Ana, then Cy and Di; Bo was away.";

        var plan = RoomMemory.Build(settings, glossary, "Old mention of Ed. " + story);

        Assert.Equal(["Bo", "Cy", "Di"], plan.Used);   // the three most recent fit 600 characters, listed in glossary order
        Assert.Equal(["Ana", "Ed"], plan.Cut);
        Assert.StartsWith("전제\nBo: ", plan.Pinned);
        Assert.EndsWith("\n메모", plan.Pinned);
        Assert.Empty(RoomMemory.Build(settings, glossary, "nobody edited any diary").Used);
    }

    [Theory]
    [InlineData("민지가 웃었다.", "민지", true)]
    [InlineData("Then Mina left.", "mina", true)]
    [InlineData("Aminata left.", "Mina", false)]
    [InlineData("nobody", "Bo", false)]
    [InlineData("서점, 그리고 등대.", "등대", true)]
    public void RoomMemory_NameInText_FoundAsAWordOrWithAKoreanParticle(string text, string name, bool found)
    {
        Assert.Equal(found, RoomMemory.LastMention(text, name) >= 0);
    }
}
