-- Messages gateways delivered, by channel and the gateway's own message id (as a keyed hash),
-- so that a replayed or retried webhook is answered without being stored twice. Kept 30 days.
CREATE TABLE gateway_deliveries (
    channel TEXT NOT NULL,
    message TEXT NOT NULL,
    at BIGINT NOT NULL,
    PRIMARY KEY (channel, message)
);
CREATE INDEX gateway_deliveries_at ON gateway_deliveries (at);
