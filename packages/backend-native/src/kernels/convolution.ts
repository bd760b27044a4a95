// Windowed NHWC kernels: convolutions (dense and depthwise, forward and both gradients) and max pooling.
import * as tf from '@tensorflow/tfjs';
import { activationCode, alloc, channelBias, f32, out, size, type NativeFunc, type TensorInfo } from './native-func.js';

type Conv2DInfo = ReturnType<typeof tf.backend_util.computeConv2DInfo>;

/** Shapes of a dilation-1 NHWC convolution (depthwise: filter [KH,KW,C,M], C*M output channels), else null. */
function convInfo(xShape: number[], filterShape: number[], attrs: tf.NamedAttrMap, depthwise: boolean): Conv2DInfo | null {
  const dataFormat = (attrs.dataFormat as 'NHWC' | 'NCHW' | undefined) ?? 'NHWC';
  if (dataFormat !== 'NHWC' || xShape.length !== 4 || filterShape.length !== 4) return null;
  const info = tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number], filterShape as [number, number, number, number],
    attrs.strides as [number, number], (attrs.dilations ?? 1) as [number, number],
    attrs.pad as 'same' | 'valid', attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined, depthwise, 'channelsLast');
  if (info.dilationHeight !== 1 || info.dilationWidth !== 1) return null;
  const dims = convDims(info);
  if (dims.slice(0, 11).some((v) => !(v > 0))) return null;
  return info;
}

function convDims(c: Conv2DInfo): number[] {
  return [c.batchSize, c.inHeight, c.inWidth, c.inChannels, c.filterHeight, c.filterWidth, c.outChannels,
    c.outHeight, c.outWidth, c.strideHeight, c.strideWidth, c.padInfo.top, c.padInfo.left];
}

/** Conv2D / FusedConv2D, or with `depthwise` DepthwiseConv2dNative / FusedDepthwiseConv2D. */
function convForward(depthwise: boolean): NativeFunc {
  return ({ inputs, attrs = {} }, native, backend) => {
    const { x, filter, bias } = inputs as { x: TensorInfo; filter: TensorInfo; bias?: TensorInfo };
    const xv = f32(backend, x), wv = f32(backend, filter);
    if (!xv || !wv) return null;
    const act = activationCode(attrs.activation);
    if (act === null) return null;
    const info = convInfo(x.shape, filter.shape, attrs, depthwise);
    if (!info) return null;
    const b = channelBias(backend, bias, info.outChannels);
    if (b === null) return null;
    const y = alloc(backend, size(info.outShape));
    native.conv2d(xv, wv, y, convDims(info), b ?? null, act, Number(attrs.leakyreluAlpha ?? 0.2), depthwise);
    return out(backend, info.outShape, y);
  };
}

function convBackpropInput(depthwise: boolean): NativeFunc {
  return ({ inputs, attrs = {} }, native, backend) => {
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const dyv = f32(backend, dy), wv = f32(backend, filter);
    if (!dyv || !wv) return null;
    const inputShape = attrs.inputShape as number[];
    const info = convInfo(inputShape, filter.shape, attrs, depthwise);
    if (!info || !tf.util.arraysEqual(info.outShape, dy.shape)) return null;
    const dx = alloc(backend, size(inputShape));
    native.conv2dBackpropInput(dyv, wv, dx, convDims(info), depthwise);
    return out(backend, inputShape, dx);
  };
}

function convBackpropFilter(depthwise: boolean): NativeFunc {
  return ({ inputs, attrs = {} }, native, backend) => {
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    const xv = f32(backend, x), dyv = f32(backend, dy);
    if (!xv || !dyv) return null;
    const filterShape = attrs.filterShape as number[];
    const info = convInfo(x.shape, filterShape, attrs, depthwise);
    if (!info || !tf.util.arraysEqual(info.outShape, dy.shape)) return null;
    const dw = alloc(backend, size(filterShape));
    native.conv2dBackpropFilter(xv, dyv, dw, convDims(info), depthwise);
    return out(backend, filterShape, dw);
  };
}

function poolInfo(xShape: number[], attrs: tf.NamedAttrMap): Conv2DInfo | null {
  if (xShape.length !== 4 || size(xShape) === 0) return null;
  const info = tf.backend_util.computePool2DInfo(xShape as [number, number, number, number], attrs.filterSize as [number, number],
    attrs.strides as [number, number], 1, attrs.pad as 'same' | 'valid', attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined);
  return size(info.outShape) > 0 ? info : null;
}

const maxPool: NativeFunc = ({ inputs, attrs = {} }, native, backend) => {
  const { x } = inputs as { x: TensorInfo };
  const xv = f32(backend, x);
  const info = xv ? poolInfo(x.shape, attrs) : null;
  if (!xv || !info) return null;
  const y = alloc(backend, size(info.outShape));
  native.maxPool(xv, y, convDims(info));
  return out(backend, info.outShape, y);
};

const maxPoolGrad: NativeFunc = ({ inputs, attrs = {} }, native, backend) => {
  const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
  const dyv = f32(backend, dy), xv = f32(backend, input);
  const info = dyv && xv ? poolInfo(input.shape, attrs) : null;
  if (!dyv || !xv || !info || !tf.util.arraysEqual(info.outShape, dy.shape)) return null;
  const dx = alloc(backend, xv.length);
  native.maxPoolGrad(dyv, xv, dx, convDims(info));
  return out(backend, input.shape, dx);
};

export const CONVOLUTION_KERNELS: Record<string, NativeFunc> = {
  Conv2D: convForward(false),
  FusedConv2D: convForward(false),
  Conv2DBackpropInput: convBackpropInput(false),
  Conv2DBackpropFilter: convBackpropFilter(false),
  DepthwiseConv2dNative: convForward(true),
  FusedDepthwiseConv2D: convForward(true),
  DepthwiseConv2dNativeBackpropInput: convBackpropInput(true),
  DepthwiseConv2dNativeBackpropFilter: convBackpropFilter(true),
  MaxPool: maxPool,
  MaxPoolGrad: maxPoolGrad,
};
