FROM node:22-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY . .
ENV NODE_ENV=production PORT=3000 TELLER_CACHE_DIR=/app/.teller/cache
RUN mkdir -p /app/.teller/cache && chown -R node:node /app/.teller
USER node
EXPOSE 3000
CMD ["npm", "start"]
