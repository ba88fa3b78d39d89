using System.Runtime.InteropServices;

namespace RelayNovel.Inference.Generation;

/// <summary>
/// The two CUDA runtime calls the shared KV buffer needs to copy one row's cache into another on the device
/// (ONNX Runtime's C# API has no device-to-device copy for the in-tree CUDA provider). The CUDA build of ONNX
/// Runtime already depends on the CUDA runtime library, so it is present wherever the CUDA provider runs.
/// </summary>
internal static unsafe class CudaRuntime
{
    private const int DeviceToDevice = 3;

    private static readonly Lazy<(nint Copy2D, nint Synchronize)> Functions = new(Load);

    /// <summary>Copies <paramref name="rows"/> runs of <paramref name="widthBytes"/> bytes between pitched device regions.</summary>
    public static void Copy2D(nint destination, long destinationPitch, nint source, long sourcePitch, long widthBytes, long rows)
    {
        var (copy, synchronize) = Functions.Value;
        var status = ((delegate* unmanaged<nint, nuint, nint, nuint, nuint, nuint, int, int>)copy)(
            destination, (nuint)destinationPitch, source, (nuint)sourcePitch, (nuint)widthBytes, (nuint)rows, DeviceToDevice);
        Check(status, "cudaMemcpy2D");
        // A device-to-device copy may return before it ends; the next model run uses ONNX Runtime's own stream.
        Check(((delegate* unmanaged<int>)synchronize)(), "cudaDeviceSynchronize");
    }

    private static void Check(int status, string call)
    {
        if (status != 0) throw new InvalidOperationException($"{call} failed with CUDA error {status}.");
    }

    private static (nint, nint) Load()
    {
        string[] candidates = OperatingSystem.IsWindows()
            ? ["cudart64_12.dll", "cudart64_13.dll", "cudart64_110.dll"]
            : ["libcudart.so.12", "libcudart.so.13", "libcudart.so.11.0", "libcudart.so"];
        foreach (var name in candidates)
        {
            if (NativeLibrary.TryLoad(name, out var library))
            {
                return (NativeLibrary.GetExport(library, "cudaMemcpy2D"), NativeLibrary.GetExport(library, "cudaDeviceSynchronize"));
            }
        }

        throw new InvalidOperationException($"The CUDA runtime library was not found (tried {string.Join(", ", candidates)}).");
    }
}
