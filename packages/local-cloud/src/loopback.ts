/** Only loopback: the local cloud runs code it is sent, so nobody else may reach it or its engines. */
export const LOOPBACK = '127.0.0.1';
