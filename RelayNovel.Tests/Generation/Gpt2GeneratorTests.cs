using RelayNovel.Inference.Generation;

namespace RelayNovel.Tests.Generation;

public sealed class Gpt2GeneratorTests(TinyModelFixture model) : IClassFixture<TinyModelFixture>
{
    // The tiny model's tokenizer knows ▁, ASCII and the first 300 Hangul syllables (가 to 곤 and a little beyond).
    private const string Prompt = "고개 강가 곰 가게, 계곡 곁 공간.";
    private readonly Gpt2Generator _generator = model.Generator;

    private static GenerationOptions Sampling(int seed, int tokens = 24) => new()
    {
        Seed = seed, MaxNewTokens = tokens, MinNewTokens = tokens, Temperature = 1f, TopK = 0, TopP = 1f,
    };

    [Fact]
    public async Task GenerateAsync_SameSeed_GivesTheSameText()
    {
        var first = await GenerationRunner.CollectAsync(_generator.GenerateAsync(Prompt, Sampling(seed: 9)));
        var second = await GenerationRunner.CollectAsync(_generator.GenerateAsync(Prompt, Sampling(seed: 9)));

        Assert.NotEmpty(first.Text);
        Assert.Equal(first.Text, second.Text);
        Assert.Equal(first.Ids, second.Ids);
    }

    [Fact]
    public async Task GenerateAsync_DifferentSeeds_GiveDifferentText()
    {
        var texts = new HashSet<string>();
        for (var seed = 1; seed <= 3; seed++)
        {
            texts.Add((await GenerationRunner.CollectAsync(_generator.GenerateAsync(Prompt, Sampling(seed)))).Text);
        }

        Assert.True(texts.Count > 1, "three seeds gave the same text");
    }

    [Fact]
    public async Task GenerateAsync_MinEqualsMax_GivesExactlyThatManyTokensAndEndsWithMaxTokens()
    {
        var result = await GenerationRunner.CollectAsync(_generator.GenerateAsync(Prompt, Sampling(seed: 4, tokens: 17)));

        Assert.Equal(17, result.Ids.Length);
        Assert.Equal(FinishReason.MaxTokens, result.Finish);
        Assert.All(result.Chunks.SkipLast(1), c => Assert.Equal(FinishReason.None, c.Finish));
        Assert.DoesNotContain(TinyModelFixture.Config.EosTokenId, result.Ids);
    }

    [Fact]
    public async Task GenerateAsync_Chunks_ConcatenateToTheDecodedTokens()
    {
        var result = await GenerationRunner.CollectAsync(_generator.GenerateAsync(Prompt, Sampling(seed: 12)));
        var promptIds = _generator.Tokenizer.Encode(Prompt);

        var whole = _generator.Tokenizer.Decode(promptIds.Concat(result.Ids), skipSpecialTokens: true);

        Assert.Equal(_generator.Tokenizer.Decode(promptIds, skipSpecialTokens: true) + result.Text, whole);
        Assert.DoesNotContain('\uFFFD', result.Text);
    }

    [Fact]
    public async Task GenerateAsync_NoRepeatNgram_NeverRepeatsATrigram()
    {
        var options = new GenerationOptions { Temperature = 0f, RepetitionPenalty = 1f, NoRepeatNgramSize = 3, MaxNewTokens = 40, MinNewTokens = 40 };
        var promptIds = _generator.Tokenizer.Encode(Prompt);

        var result = await GenerationRunner.CollectAsync(_generator.GenerateIdsAsync(promptIds, options));

        Assert.Equal(0, RepeatedTrigramsInOutput(promptIds, result.Ids));
    }

    [Fact]
    public async Task GenerateAsync_GreedyWithoutBan_RepeatsWhatTheBanPrevents()
    {
        // Shows the no-repeat test above can fail: the same model left alone does repeat trigrams.
        var options = new GenerationOptions { Temperature = 0f, RepetitionPenalty = 1f, MaxNewTokens = 40, MinNewTokens = 40 };
        var promptIds = _generator.Tokenizer.Encode(Prompt);

        var result = await GenerationRunner.CollectAsync(_generator.GenerateIdsAsync(promptIds, options));

        Assert.True(RepeatedTrigramsInOutput(promptIds, result.Ids) > 0, "greedy decoding of this model never repeated a trigram");
    }

    [Fact]
    public async Task GenerateAsync_StopString_EndsBeforeItAndNeverShowsIt()
    {
        var free = await GenerationRunner.CollectAsync(_generator.GenerateAsync(Prompt, Sampling(seed: 21, tokens: 30)));
        var stop = free.Text.Substring(10, 2);
        var expected = free.Text[..free.Text.IndexOf(stop, StringComparison.Ordinal)];

        var stopped = await GenerationRunner.CollectAsync(_generator.GenerateAsync(Prompt, Sampling(seed: 21, tokens: 30) with { StopStrings = [stop] }));

        Assert.Equal(expected, stopped.Text);
        Assert.Equal(FinishReason.StopString, stopped.Finish);
    }

    [Fact]
    public async Task GenerateAsync_EndAtSentence_StopsAtTheFirstSentenceEndAfterN()
    {
        // The random model writes '.', '?' and '!' now and then; find a seed whose free text has a sentence end.
        for (var seed = 0; seed < 60; seed++)
        {
            var options = Sampling(seed, tokens: 60) with { MinNewTokens = 0, Temperature = 1.5f };
            var free = await GenerationRunner.CollectAsync(_generator.GenerateAsync(Prompt, options));
            var shown = string.Empty;
            var endAt = -1;
            foreach (var chunk in free.Chunks)
            {
                shown += chunk.Text;
                if (chunk.Text.Length > 0 && SentenceEnd.IsAtSentenceEnd(shown))
                {
                    endAt = shown.Length;
                    break;
                }
            }

            if (endAt < 0)
            {
                continue;
            }

            var ended = await GenerationRunner.CollectAsync(_generator.GenerateAsync(Prompt, options with { EndAtSentenceAfter = 1 }));

            Assert.Equal(FinishReason.SentenceEnd, ended.Finish);
            Assert.Equal(free.Text[..endAt], ended.Text);
            return;
        }

        Assert.Fail("no seed in 0..59 produced a sentence end");
    }

    [Fact]
    public async Task GenerateAsync_CancelledAfterTheFirstChunk_EndsWithinOneMoreToken()
    {
        using var cancel = new CancellationTokenSource();
        var chunks = new List<TokenChunk>();
        await foreach (var chunk in _generator.GenerateAsync(Prompt, Sampling(seed: 3, tokens: 50), cancel.Token))
        {
            chunks.Add(chunk);
            if (chunks.Count == 1)
            {
                await cancel.CancelAsync();
            }
        }

        var firstTokens = chunks[0].TokenIds.Count;
        Assert.InRange(chunks.Sum(c => c.TokenIds.Count), firstTokens, firstTokens + 1);
        Assert.Equal(FinishReason.Cancelled, chunks[^1].Finish);
    }

    [Fact]
    public async Task GenerateAsync_CancelledBeforeStart_Throws()
    {
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => GenerationRunner.CollectAsync(_generator.GenerateAsync(Prompt, Sampling(1), cancel.Token)));
    }

    [Fact]
    public async Task GenerateAsync_TwoRequestsAtOnce_BothGetTheirOwnSeededText()
    {
        var alone = await GenerationRunner.CollectAsync(_generator.GenerateAsync(Prompt, Sampling(seed: 31)));

        var a = GenerationRunner.CollectAsync(_generator.GenerateAsync(Prompt, Sampling(seed: 31)));
        var b = GenerationRunner.CollectAsync(_generator.GenerateAsync("다른 이야기", Sampling(seed: 32)));
        await Task.WhenAll(a, b);

        Assert.Equal(alone.Text, (await a).Text);
        Assert.Equal(24, (await b).Ids.Length);
    }

    [Fact]
    public async Task GenerateAsync_PromptLongerThanTheContext_IsFittedAndStillGenerates()
    {
        var longStory = string.Concat(Enumerable.Repeat("가나다라마바사 ", 40));

        var result = await GenerationRunner.CollectAsync(_generator.GenerateAsync(longStory, Sampling(seed: 2, tokens: 10)));

        Assert.Equal(10, result.Ids.Length);
    }

    [Fact]
    public async Task GenerateAsync_ContextFillsUp_EndsWithMaxTokens()
    {
        var promptIds = Enumerable.Range(10, 60).ToArray();
        var options = Sampling(seed: 1, tokens: 20);

        var result = await GenerationRunner.CollectAsync(_generator.GenerateIdsAsync(promptIds, options));

        Assert.Equal(TinyModelFixture.Config.NPositions - promptIds.Length, result.Ids.Length);
        Assert.Equal(FinishReason.MaxTokens, result.Finish);
    }

    [Fact]
    public async Task GenerateIdsAsync_Greedy_MatchesAnArgmaxLoopOverThePromptAlone()
    {
        // The model sees exactly the prompt (no end-of-text appended, no BOS prepended) and then its own tokens.
        int[] prompt = [10, 20, 30, 40, 50];
        var options = new GenerationOptions { Temperature = 0f, RepetitionPenalty = 1f, MaxNewTokens = 8, MinNewTokens = 8 };
        var expected = new List<int>();
        using (var session = _generator.CreateSession(1, prompt.Length + 8))
        {
            var next = ArgMax(session.Forward(prompt, prompt.Length));
            for (var i = 0; i < 8; i++)
            {
                expected.Add(next);
                next = ArgMax(session.Forward([next], 1));
            }
        }

        var result = await GenerationRunner.CollectAsync(_generator.GenerateIdsAsync(prompt, options));

        Assert.Equal(expected, result.Ids);
    }

    [Fact]
    public async Task GenerateAsync_EmptyPrompt_StartsFromTheBeginningOfText()
    {
        var result = await GenerationRunner.CollectAsync(_generator.GenerateAsync(string.Empty, Sampling(seed: 8, tokens: 6)));

        Assert.Equal(6, result.Ids.Length);
    }

    [Fact]
    public void FitPrompt_StoryTooLong_KeepsPinnedDropsOldestAndFits()
    {
        const string pinned = "공간: 고개 가게.";
        var story = string.Join(' ', Enumerable.Range(0, 30).Select(i => $"곰{i}"));

        var fit = _generator.FitPrompt(new PromptParts(pinned, story), maxNewTokens: 16);

        Assert.StartsWith(pinned, fit.Text);
        Assert.EndsWith("곰29", fit.Text);
        Assert.DoesNotContain("곰0 ", fit.Text);
        Assert.True(fit.DroppedStoryTokens > 0);
        Assert.True(fit.PinnedTokens + fit.StoryTokens <= fit.ContextTokens - 16);
        Assert.Equal(_generator.Tokenizer.Encode(pinned).Count, fit.PinnedTokens);
    }

    [Fact]
    public void FitPrompt_ShortStory_KeepsEverything()
    {
        var fit = _generator.FitPrompt(new PromptParts("고개.", "가게 곰"), maxNewTokens: 16);

        Assert.Equal(0, fit.DroppedStoryTokens);
        Assert.Equal("고개. 가게 곰", fit.Text);
    }

    private static int ArgMax(ReadOnlySpan<float> logits)
    {
        var best = 0;
        for (var i = 1; i < TinyModelFixture.Config.VocabSize; i++)
        {
            best = logits[i] > logits[best] ? i : best;
        }

        return best;
    }

    // Trigrams that end in the output and already occurred earlier (the prompt itself may repeat freely).
    private static int RepeatedTrigramsInOutput(IReadOnlyList<int> prompt, int[] output)
    {
        var all = prompt.Concat(output).ToArray();
        var repeated = 0;
        for (var end = Math.Max(prompt.Count, 2); end < all.Length; end++)
        {
            for (var earlier = 2; earlier < end; earlier++)
            {
                if (all[earlier] == all[end] && all[earlier - 1] == all[end - 1] && all[earlier - 2] == all[end - 2])
                {
                    repeated++;
                    break;
                }
            }
        }

        return repeated;
    }

    [Fact]
    public void Load_ModelFolder_ReportsNameProviderAndContext()
    {
        Assert.Equal("Random GPT-2 (seed 5)", _generator.ModelName);
        Assert.Equal("CPU", _generator.Provider);
        Assert.Equal(64, _generator.ContextLength);
    }
}
