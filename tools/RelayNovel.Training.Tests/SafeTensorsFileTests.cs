using RelayNovel.Training.Export;

namespace RelayNovel.Training.Tests;

public sealed class SafeTensorsFileTests
{
    [Fact]
    public void WriteThenRead_KeepsNamesShapesAndValues()
    {
        using var run = new TinyRun();
        var path = Path.Combine(run.Dir, "w.safetensors");
        var tensors = new[]
        {
            new WeightTensor("transformer.wte.weight", [2, 3], [1f, -2f, 3.5f, 0f, 1e-7f, -0f]),
            new WeightTensor("transformer.ln_f.bias", [3], [0.25f, 0.5f, 0.75f]),
        };

        SafeTensorsFile.Write(path, tensors);
        var read = SafeTensorsFile.Read(path);

        Assert.Equal(2, read.Count);
        foreach (var t in tensors)
        {
            Assert.Equal(t.Shape, read[t.Name].Shape);
            Assert.Equal(t.Data, read[t.Name].Data);
        }
    }
}
