using System.Globalization;
using RelayNovel.Inference.Tokenization;

namespace RelayNovel.Tests.Tokenization;

/// <summary>Streaming every reference vector one token at a time, as generation does.</summary>
public sealed class StreamingDecoderTests
{
    [SharedDataFact(ReferenceVector.VectorsPath)]
    public void Push_EveryReferenceVectorOneTokenAtATime_ChunksConcatenateToTheFullDecode()
    {
        var failures = StreamAll(skipSpecialTokens: false);
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [SharedDataFact(ReferenceVector.VectorsPath)]
    public void Push_SkippingSpecialTokens_ChunksConcatenateToTheSkippingDecode()
    {
        var failures = StreamAll(skipSpecialTokens: true);
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [SharedDataFact(ReferenceVector.TokenizerPath)]
    public void Push_LeadingJamoThenVowelJamo_EmitsTheSyllableInOneChunk()
    {
        // NFKC turns ㅋ/ㅏ into conjoining jamo; ᄏ followed by ᅡ renders as one syllable 카.
        var tokenizer = KoGpt2Tokenizer.Instance;
        var decoder = tokenizer.CreateStreamingDecoder();
        var space = tokenizer.TokenToId("\u2581")!.Value;
        var leading = tokenizer.TokenToId("\u110F")!.Value;
        var vowel = tokenizer.TokenToId("\u1161")!.Value;

        var chunks = new[] { decoder.Push(space), decoder.Push(leading), decoder.Push(vowel), decoder.Push(space), decoder.Flush() };

        Assert.Equal(["", "", "", "\u110F\u1161", " "], chunks);
    }

    [SharedDataFact(ReferenceVector.VectorsPath)]
    public void Push_LongParagraph_StreamsMostTextBeforeFlush()
    {
        var tokenizer = KoGpt2Tokenizer.Instance;
        var longest = ReferenceVector.LoadAll().MaxBy(v => v.Ids.Length)!;
        var decoder = tokenizer.CreateStreamingDecoder();

        var streamed = string.Concat(longest.Ids.Select(decoder.Push));
        var rest = decoder.Flush();

        Assert.Equal(longest.Decoded, streamed + rest);
        Assert.True(rest.Length <= 4, $"Held back {rest.Length} characters until Flush: \"{rest}\".");
    }

    [SharedDataFact(ReferenceVector.TokenizerPath)]
    public void Push_UnknownId_IsSkippedLikeDecode()
    {
        var tokenizer = KoGpt2Tokenizer.Instance;
        var ids = tokenizer.Encode("안녕하세요 여러분").Prepend(1_000_000).ToList();
        var decoder = tokenizer.CreateStreamingDecoder();

        var streamed = string.Concat(ids.Select(decoder.Push)) + decoder.Flush();

        Assert.Equal("안녕하세요 여러분", streamed);
        Assert.Equal(tokenizer.Decode(ids), streamed);
    }

    private static List<string> StreamAll(bool skipSpecialTokens)
    {
        var tokenizer = KoGpt2Tokenizer.Instance;
        var failures = new List<string>();
        var vectors = ReferenceVector.LoadAll();
        for (var v = 0; v < vectors.Count; v++)
        {
            var decoder = tokenizer.CreateStreamingDecoder(skipSpecialTokens);
            var chunks = vectors[v].Ids.Select(decoder.Push).ToList();
            chunks.Add(decoder.Flush());
            var expected = tokenizer.Decode(vectors[v].Ids, skipSpecialTokens);
            var problem = Check(chunks, expected);
            if (problem is not null)
            {
                failures.Add($"#{v}: {problem}");
            }
        }

        return failures;
    }

    private static string? Check(IReadOnlyList<string> chunks, string expected)
    {
        var joined = string.Concat(chunks);
        if (joined != expected)
        {
            return $"chunks give \"{joined}\", decode gives \"{expected}\"";
        }

        if (chunks.Any(c => c.Contains('\uFFFD', StringComparison.Ordinal)))
        {
            return "a chunk holds U+FFFD";
        }

        var boundaries = new HashSet<int>(StringInfo.ParseCombiningCharacters(expected)) { expected.Length };
        var offset = 0;
        foreach (var chunk in chunks)
        {
            if (chunk.Length > 0 && (char.IsLowSurrogate(chunk[0]) || char.IsHighSurrogate(chunk[^1])))
            {
                return $"chunk \"{chunk}\" splits a surrogate pair";
            }

            offset += chunk.Length;
            if (!boundaries.Contains(offset))
            {
                return $"a chunk ends at {offset}, inside the character cluster \"{ClusterAt(expected, offset)}\"";
            }
        }

        return null;
    }

    private static string ClusterAt(string text, int offset)
    {
        var starts = StringInfo.ParseCombiningCharacters(text);
        var start = starts.Last(s => s < offset);
        return new StringInfo(text).SubstringByTextElements(Array.IndexOf(starts, start), 1);
    }
}
