namespace RelayNovel.Training.Data;

/// <summary>Joins encoded documents into one stream: &lt;/s&gt; doc &lt;/s&gt; doc … &lt;/s&gt;.</summary>
internal static class DocumentStream
{
    public static List<int> Encode(IEnumerable<string> documents, Func<string, IReadOnlyList<int>> encode, int separatorId)
    {
        var stream = new List<int> { separatorId };
        foreach (var doc in documents)
        {
            stream.AddRange(encode(doc));
            stream.Add(separatorId);
        }

        return stream;
    }
}
