namespace RelayNovel.Training.Data;

/// <summary>A token stream on disk: little-endian int32 ids, nothing else.</summary>
internal static class TokenFile
{
    public static void Write(string path, IReadOnlyList<int> tokens)
    {
        using var writer = new BinaryWriter(File.Create(path));
        foreach (var t in tokens)
        {
            writer.Write(t);
        }
    }

    public static int[] Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var tokens = new int[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, tokens, 0, tokens.Length * 4);
        return tokens;
    }
}
