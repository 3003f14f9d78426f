// What the fake DingTalk platform remembers and the switches tests flip to inject faults.

export interface FakeFaults {
  /** Stop sending system pings and answering WebSocket pings (a zombie connection). */
  silence: boolean;
  /** Receive ACKs but act as if none came (DingTalk redelivers after ackTimeoutMs). */
  ignoreAcks: boolean;
  /** Handle each ACK only after this delay. */
  ackDelayMs: number;
  /** Terminate this many upcoming connections right after they open. */
  dropNextConnections: number;
  /** Answer this many gateway calls with 503. */
  refuseGateway: number;
  /** Session webhooks answer "expired" whatever their expiry time. */
  expireSessions: boolean;
  /** The next session-webhook calls answer only after these delays (ms), one per call. */
  slowWebhooks: number[];
}

export type FakeApi = 'accessToken' | 'groupMessages' | 'batchSend' | 'mediaUpload' | 'webhook';

export interface InjectedResponse {
  status: number;
  body: Record<string, unknown>;
}

/** A message the bot sent (or a user typed, for the web page), in the order they happened. */
export interface ChatEntry {
  seq: number;
  at: number;
  from: 'user' | 'bot';
  via: 'user' | 'webhook' | 'group' | 'user-api';
  conversationId: string;
  msgtype: 'text' | 'markdown' | 'image' | 'file';
  text: string;
  title?: string;
  staffId?: string;
  atUserIds?: string[];
  mediaId?: string;
  fileName?: string;
}

export interface FakeState {
  clientId: string;
  clientSecret: string;
  connections: { opened: number; maxOpen: number; openedAt: number[] };
  deliveries: { messageId: string; at: number; attempt: number }[];
  acks: { messageId: string; code: number; data: string; at: number; ackMs: number }[];
  pingAnswers: number;
  entries: ChatEntry[];
  apiCalls: { api: FakeApi; status: number; code?: string }[];
  tokensIssued: number;
  /** Every access token handed out (tests check none reaches a log). */
  tokens: string[];
  media: Map<string, { type: string; content: Buffer; mimeType: string; fileName: string }>;
}

export function newFakeState(clientId: string, clientSecret: string): FakeState {
  return {
    clientId,
    clientSecret,
    connections: { opened: 0, maxOpen: 0, openedAt: [] },
    deliveries: [],
    acks: [],
    pingAnswers: 0,
    entries: [],
    apiCalls: [],
    tokensIssued: 0,
    tokens: [],
    media: new Map(),
  };
}

export function newFaults(): FakeFaults {
  return { silence: false, ignoreAcks: false, ackDelayMs: 0, dropNextConnections: 0, refuseGateway: 0, expireSessions: false, slowWebhooks: [] };
}
