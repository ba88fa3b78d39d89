using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace RelayNovel.Training.Model;

/// <summary>Causal self-attention with HF names (c_attn, c_proj); trained with fused SDPA.</summary>
internal sealed class Gpt2Attention : nn.Module<Tensor, Tensor>
{
    private readonly Conv1D _cAttn;
    private readonly Conv1D _cProj;
    private readonly nn.Module<Tensor, Tensor> _residDropout;
    private readonly int _heads;

    public Gpt2Attention(string name, ModelConfig config) : base(name)
    {
        _heads = config.NHead;
        _cAttn = new Conv1D("c_attn", config.NEmbd, 3L * config.NEmbd, 0.02);
        _cProj = new Conv1D("c_proj", config.NEmbd, config.NEmbd, 0.02 / Math.Sqrt(2.0 * config.NLayer));
        _residDropout = nn.Dropout(config.Dropout);
        register_module("c_attn", _cAttn);
        register_module("c_proj", _cProj);
        register_module("resid_dropout", _residDropout);
    }

    public override Tensor forward(Tensor input)
    {
        long b = input.shape[0], t = input.shape[1], c = input.shape[2];
        // HF splits c_attn's output into q | k | v along the last axis, each then into heads.
        var qkv = _cAttn.forward(input).view(b, t, 3, _heads, c / _heads).permute(2, 0, 3, 1, 4);
        var y = F.scaled_dot_product_attention(qkv[0], qkv[1], qkv[2], is_casual: true);
        return _residDropout.forward(_cProj.forward(y.transpose(1, 2).reshape(b, t, c)));
    }
}
