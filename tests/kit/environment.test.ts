// Each run of the kit's tests is in the DOM its runner says: jsdom (Vitest, Jest) or happy-dom (Vitest).
test('the DOM is the one this run is for', () => {
  expect(process.env.KIT_DOM).toMatch(/^(jsdom|happy-dom)$/)
  expect(navigator.userAgent).toMatch(process.env.KIT_DOM === 'happy-dom' ? /HappyDOM/ : /jsdom/)
})
