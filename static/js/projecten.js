/* Project form: the reason field only once a tracked field (planning, waardeklasse, zekerheid, procedure,
 * contractvorm, venster) differs from what the page opened with. Without JavaScript, and after a failed save, the
 * field is always shown; the server asks for a reason whenever one is needed. */
(function () {
  'use strict'

  function init () {
    const form = document.querySelector('form.project-form')
    const reden = document.getElementById('reden-groep')
    if (!form || !reden) return
    const overzicht = document.getElementById('foutoverzicht')
    if (overzicht) overzicht.focus()
    if (reden.dataset.altijd === 'ja') return
    const velden = Array.from(form.querySelectorAll('[data-volgveld]'))
    const begin = new Map(velden.map(function (veld) { return [veld, veld.value] }))

    function toon () {
      reden.hidden = velden.every(function (veld) { return veld.value === begin.get(veld) })
    }

    velden.forEach(function (veld) {
      veld.addEventListener('input', toon)
      veld.addEventListener('change', toon)
    })
    toon()
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init)
  } else {
    init()
  }
})()
