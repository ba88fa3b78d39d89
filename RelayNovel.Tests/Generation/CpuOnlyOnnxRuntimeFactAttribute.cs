using Microsoft.ML.OnnxRuntime;

namespace RelayNovel.Tests.Generation;

/// <summary>A fact about the CPU build of ONNX Runtime; skipped, with the reason shown, on the CUDA build.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class CpuOnlyOnnxRuntimeFactAttribute : FactAttribute
{
    public CpuOnlyOnnxRuntimeFactAttribute()
    {
        if (OrtEnv.Instance().GetAvailableProviders().Contains("CUDAExecutionProvider"))
        {
            Skip = "ONNX Runtime here has the CUDA execution provider; this checks the CPU build's message.";
        }
    }
}
