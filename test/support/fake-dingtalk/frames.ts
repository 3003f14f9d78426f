// Frame shapes of DingTalk's Stream protocol as the dingtalk-stream SDK reads and writes them.
import { randomUUID } from 'node:crypto';

export const TOPIC_ROBOT = '/v1.0/im/bot/messages/get';

export interface DownstreamFrame {
  specVersion: '1.0';
  type: 'SYSTEM' | 'CALLBACK' | 'EVENT';
  headers: { appId?: string; connectionId?: string; contentType: string; messageId: string; time: string; topic: string };
  data: string;
}

/** What the client sends back: ACKs for callbacks and events, answers to pings. */
export interface UpstreamFrame {
  code: number;
  headers: { messageId?: string; contentType?: string; topic?: string };
  message: string;
  data: string;
}

export function systemFrame(topic: 'ping' | 'disconnect', data: Record<string, unknown> = {}): DownstreamFrame {
  return {
    specVersion: '1.0',
    type: 'SYSTEM',
    headers: { contentType: 'application/json', messageId: randomUUID(), time: String(Date.now()), topic },
    data: JSON.stringify(data),
  };
}

export function callbackFrame(appId: string, connectionId: string, payload: Record<string, unknown>): DownstreamFrame {
  return {
    specVersion: '1.0',
    type: 'CALLBACK',
    headers: { appId, connectionId, contentType: 'application/json', messageId: randomUUID(), time: String(Date.now()), topic: TOPIC_ROBOT },
    data: JSON.stringify(payload),
  };
}
