export type { ContentLoss } from './content-loss.js';
export { createContentLoss, type ContentLossOptions } from './create-content-loss.js';
export { createVgg19ContentLoss, VGG_FEATURE_SCALE } from './vgg19-content-loss.js';
export { createFaceRecognitionContentLoss } from './face-recognition-content-loss.js';
export { FaceRecognitionNet, FACE_RECOGNITION_INPUT_SIZE } from './face-recognition-net.js';
export { Vgg19Features, VGG19_CONV_LAYERS, IMAGENET_MEAN_BGR } from './vgg19.js';
