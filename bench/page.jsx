// The Chromium page: the benchmark app, with the server reached through a control socket.
import { createBench } from './app.jsx'

function controlSocket(url) {
  const socket = new WebSocket(url)
  const replies = new Map()
  let next = 0
  const opened = new Promise((resolve, reject) => {
    socket.onopen = resolve
    socket.onerror = () => reject(new Error(`control socket ${url} failed`))
  })
  socket.onmessage = (event) => {
    const reply = JSON.parse(event.data)
    replies.get(reply.id)(reply)
    replies.delete(reply.id)
  }
  return async (command) => {
    await opened
    const id = ++next
    const reply = new Promise((resolve) => replies.set(id, resolve))
    socket.send(JSON.stringify({ ...command, id }))
    const result = await reply
    if (result.error) throw new Error(result.error)
    return result
  }
}

const base = `ws://${location.host}`
window.bench = createBench({
  base,
  control: controlSocket(`${base}/control`),
  container: document.getElementById('root'),
  browser: true,
})
