using RelayNovel.Web.Rooms;

namespace RelayNovel.Tests.Rooms;

/// <summary>What every page sees of an AI text being written (the single stream and each vote candidate).</summary>
public sealed class AiStreamViewTests
{
    [Fact]
    public void AiTurnView_FirstTokenWithGpt2sLeadingSpace_ShowsTheTextWithoutIt()
    {
        var turn = new AiTurn(2, seed: 7, new AiPrompt("비가 내렸다.", 5, 256, 0), new AiSettings(), "tiny");
        turn.Add(new AiChunk(" 우산", 1, TimeSpan.FromMilliseconds(10), null));
        turn.Add(new AiChunk("은 없었다.", 2, TimeSpan.FromMilliseconds(20), null));
        turn.RevealBudget = 10;

        turn.Reveal();

        Assert.Equal("우산은 없었다.", turn.ToView().VisibleText);
    }
}
