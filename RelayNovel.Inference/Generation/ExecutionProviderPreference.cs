namespace RelayNovel.Inference.Generation;

/// <summary>Which ONNX Runtime execution provider a model session should use.</summary>
public enum ExecutionProviderPreference
{
    /// <summary>CUDA when the GPU build of ONNX Runtime and a GPU are present, CPU otherwise.</summary>
    Auto,
    Cpu,
    /// <summary>CUDA or a <see cref="ModelLoadException"/>; never a silent fall-back.</summary>
    Cuda,
}
