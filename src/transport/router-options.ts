/**
 * Options of every ROUTER socket the kernel binds (shell, stdin, control).
 *
 * `linger`: how long closing lets queued replies reach the client.
 * `handover` (ZMQ_ROUTER_HANDOVER, as ipykernel sets it): a client that
 * reconnects with the identity of a socket not yet closed (jupyter_client uses
 * its session id) takes the identity over; without it the new socket is never
 * answered.
 */
export const ROUTER_OPTIONS = { linger: 1000, handover: true } as const;
