import type { Catalogue } from './catalogue.js';

export const dingtalkMessages: Catalogue = {
  'zh-CN': {
    'dingtalk.textOnly': '目前只能识别文字命令，请输入以 / 开头的命令，例如 /help。',
    'dingtalk.fileFallback': '文件「{name}」（{size}）无法以文件形式发送，内容如下：',
    'dingtalk.fileUnavailable': '文件「{name}」（{size}）发送失败，请稍后重试或用 otc-bot ask 在本地生成。',
    'dingtalk.part': '（续 {index}/{total}）',
    'dingtalk.image': '图表',
  },
  en: {
    'dingtalk.textOnly': 'Only text commands are understood. Type a command starting with /, for example /help.',
    'dingtalk.fileFallback': 'The file "{name}" ({size}) could not be sent as a file; here is its content:',
    'dingtalk.fileUnavailable': 'The file "{name}" ({size}) could not be sent; try again later or generate it locally with otc-bot ask.',
    'dingtalk.part': '(part {index}/{total})',
    'dingtalk.image': 'chart',
  },
};
