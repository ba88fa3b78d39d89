using Microsoft.ML.OnnxRuntime;

namespace RelayNovel.Tests.Generation;

/// <summary>A fact that needs ONNX Runtime's CUDA execution provider (the CUDA build and a GPU); skipped with the reason elsewhere.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class CudaFactAttribute : FactAttribute
{
    public CudaFactAttribute()
    {
        if (!OrtEnv.Instance().GetAvailableProviders().Contains("CUDAExecutionProvider"))
        {
            Skip = "No CUDA execution provider here (CPU build of ONNX Runtime; build with -p:OnnxRuntimeGpu=true on a machine with a GPU).";
        }
    }
}
