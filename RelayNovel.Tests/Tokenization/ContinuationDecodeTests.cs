using RelayNovel.Inference.Tokenization;

namespace RelayNovel.Tests.Tokenization;

/// <summary>
/// Generated text is appended to a story that already exists, so decoding only the new ids must give
/// exactly what decoding the whole sequence adds (including the space the first new token carries).
/// </summary>
public sealed class ContinuationDecodeTests
{
    [SharedDataFact(ReferenceVector.VectorsPath)]
    public void Decode_ContinuationOfEveryVectorSplitInHalf_AppendsExactlyTheMissingText()
    {
        var tokenizer = KoGpt2Tokenizer.Instance;
        var failures = new List<string>();
        foreach (var vector in ReferenceVector.LoadAll().Where(v => v.Ids.Length >= 2))
        {
            var half = vector.Ids.Length / 2;
            foreach (var skip in new[] { false, true })
            {
                var head = tokenizer.Decode(vector.Ids[..half], skip);
                // "Continues" means an earlier token was decoded, even one that decoded to nothing (a lone ▁).
                var headHasText = vector.Ids[..half].Any(id => !skip || !tokenizer.IsSpecial(id));
                var tail = tokenizer.Decode(vector.Ids[half..], skip, continuesText: headHasText);
                if (head + tail != tokenizer.Decode(vector.Ids, skip))
                {
                    failures.Add($"skip={skip}: \"{head}\" + \"{tail}\" != \"{tokenizer.Decode(vector.Ids, skip)}\"");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [SharedDataFact(ReferenceVector.TokenizerPath)]
    public void Push_ContinuationStartingWithAWord_KeepsItsLeadingSpace()
    {
        var tokenizer = KoGpt2Tokenizer.Instance;
        var story = tokenizer.Encode("그는 문을 열었다.");
        var next = tokenizer.Encode(" 바람이 불었다.");
        var decoder = tokenizer.CreateStreamingDecoder(skipSpecialTokens: true, continuesText: true);

        var streamed = string.Concat(next.Select(decoder.Push)) + decoder.Flush();

        Assert.Equal(" 바람이 불었다.", streamed);
        Assert.Equal(tokenizer.Decode([.. story, .. next]), tokenizer.Decode(story) + streamed);
    }
}
